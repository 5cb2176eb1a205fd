import Membership
import Transport

extension MembershipConfig {
    /// SWIM's settings with this configuration's probe interval and ping timeout. The
    /// tick runs at most every 100 ms and at least twice per ping timeout, so short
    /// timeouts are honoured; dead members are kept at least ten probe periods (and
    /// 30 s), which SWIMSettings requires.
    public func swimSettings() throws(ConfigError) -> SWIMSettings {
        let probeInterval = Duration.milliseconds(probeIntervalMs)
        let pingTimeout = Duration.milliseconds(pingTimeoutMs)
        do {
            return try SWIMSettings(probeInterval: probeInterval, pingTimeout: pingTimeout,
                                    deadMemberRetention: max(.seconds(30), probeInterval * 10),
                                    tickInterval: min(.milliseconds(100), pingTimeout / 2))
        } catch {
            throw ConfigError(key: "membership.\(error.key)", problem: .invalid(value: error.value, expected: error.expected))
        }
    }
}
