import Foundation

/// Runs `body` with a fresh directory path (not yet created) and removes it afterwards.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let parent = FileManager.default.temporaryDirectory
        .appendingPathComponent("switchboard-storage-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: parent) }
    return try body(parent.appendingPathComponent("db").path)
}
