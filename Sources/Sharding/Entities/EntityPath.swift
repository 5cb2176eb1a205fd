/// Entity paths, `/entity/<kind>/<key>`: built where entities are made and called, and
/// read back where a call arrives for an entity that is not active yet.
enum EntityPath {
    private static let prefix = "/entity/"

    static func of(kind: String, key: String) -> String {
        "\(prefix)\(kind)/\(key)"
    }

    /// The kind and key a path names, or nil for a path that is not an entity's. Keys may
    /// hold slashes; kinds do not.
    static func parse(_ path: String) -> (kind: String, key: String)? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }
}
