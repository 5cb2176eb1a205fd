/// When a queue accepts new contacts: weekly windows in seconds of the week (0 = Monday
/// 00:00 local time), with the queue's offset from the timestamps' epoch time zone.
/// Contacts already waiting when a queue closes keep waiting; only arrivals are refused.
public struct BusinessHours: Hashable, Sendable, Codable {
    public struct Window: Hashable, Sendable, Codable {
        public var openSecondOfWeek: Int
        public var closeSecondOfWeek: Int
    }

    public static let secondsPerWeek = 7 * 86_400

    /// Empty means open around the clock.
    public private(set) var windows: [Window]
    /// Seconds to add to a timestamp to get local time (e.g. +28800 for China Standard Time).
    public var utcOffsetSeconds: Int

    /// Open at all times.
    public static let always = BusinessHours(checked: [], utcOffsetSeconds: 0)

    private init(checked windows: [Window], utcOffsetSeconds: Int) {
        self.windows = windows
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Open during `windows`, given as (open, close) seconds of the week.
    public init(windows: [(open: Int, close: Int)], utcOffsetSeconds: Int) throws(DomainError) {
        var checked: [Window] = []
        for window in windows {
            guard 0 <= window.open, window.open < window.close, window.close <= Self.secondsPerWeek else {
                throw .businessHoursWindowInvalid(openSecondOfWeek: window.open, closeSecondOfWeek: window.close)
            }
            checked.append(Window(openSecondOfWeek: window.open, closeSecondOfWeek: window.close))
        }
        self.windows = checked
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The same daily hours (seconds of the day) on the given weekdays (0 = Monday).
    public static func daily(openSecondOfDay: Int, closeSecondOfDay: Int, weekdays: [Int] = Array(0..<7), utcOffsetSeconds: Int) throws(DomainError) -> BusinessHours {
        try BusinessHours(
            windows: weekdays.map { (open: $0 * 86_400 + openSecondOfDay, close: $0 * 86_400 + closeSecondOfDay) },
            utcOffsetSeconds: utcOffsetSeconds)
    }

    /// Whether the queue is open at `time`. The Unix epoch fell on a Thursday, so a timestamp
    /// is shifted by three days to count the week from Monday.
    public func isOpen(at time: Timestamp) -> Bool {
        if windows.isEmpty { return true }
        let local = Int((time.seconds).rounded(.down)) + utcOffsetSeconds + 3 * 86_400
        let second = ((local % Self.secondsPerWeek) + Self.secondsPerWeek) % Self.secondsPerWeek
        return windows.contains { $0.openSecondOfWeek <= second && second < $0.closeSecondOfWeek }
    }
}
