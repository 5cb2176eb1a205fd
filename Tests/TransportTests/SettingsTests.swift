import Testing
import Transport

struct SettingsTests {
    let identity = NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7001), generation: 1)

    @Test func defaultsAreValid() throws {
        let settings = try TransportSettings(clusterName: "prod", identity: identity)
        #expect(settings.idleTimeout > settings.heartbeatInterval * 2)
    }

    @Test func badValuesNameTheKey() throws {
        #expect(throws: SettingsError.self) { _ = try TransportSettings(clusterName: "", identity: identity) }
        var settings = try TransportSettings(clusterName: "prod", identity: identity)
        settings.idleTimeout = .milliseconds(600)
        #expect { try settings.validate() } throws: { ($0 as? SettingsError)?.key == "idleTimeout" }
        settings = try TransportSettings(clusterName: "prod", identity: identity)
        settings.outboundBufferLimitBytes = 1024
        #expect { try settings.validate() } throws: { ($0 as? SettingsError)?.key == "outboundBufferLimitBytes" }
    }

    @Test func addressesParse() throws {
        #expect(try NodeAddress(parsing: "127.0.0.2:7001") == NodeAddress(host: "127.0.0.2", port: 7001))
        #expect(try NodeAddress(parsing: "[::1]:9000") == NodeAddress(host: "::1", port: 9000))
        #expect(NodeAddress(host: "::1", port: 9000).description == "[::1]:9000")
        for bad in ["", "127.0.0.2", ":7001", "127.0.0.2:0", "127.0.0.2:70000", "127.0.0.2:x", "[::1]9000"] {
            #expect(throws: AddressParseError.self) { _ = try NodeAddress(parsing: bad) }
        }
    }
}
