import Foundation

extension Repository {
    /// The author and committer `git commit` would record now, found as git finds them: the
    /// `GIT_AUTHOR_*` / `GIT_COMMITTER_*` variables (git exports the author's to its commit hooks,
    /// `--author` included), then `author.*` / `committer.*`, `user.*`, then `EMAIL`. What none
    /// of them names stays empty (git would make one up from the host).
    public func commitIdentities(environment: [String: String], now: Date = Date()) -> StagedCommit.Identities {
        func identity(_ role: String) -> RawCommit.RawIdentity {
            let upper = role.uppercased()
            var result = RawCommit.RawIdentity()
            let name = environment["GIT_\(upper)_NAME"] ?? configValue("\(role).name") ?? configValue("user.name") ?? ""
            let email = environment["GIT_\(upper)_EMAIL"] ?? configValue("\(role).email") ?? configValue("user.email")
                ?? environment["EMAIL"] ?? ""
            result.name = Array(name.utf8)
            result.email = Array(email.utf8)
            let date = environment["GIT_\(upper)_DATE"].flatMap(Self.internalDate)
            result.time = date?.time ?? Int64(now.timeIntervalSince1970)
            result.offsetMinutes = date?.offset ?? Int32(TimeZone.current.secondsFromGMT(for: now) / 60)
            return result
        }
        return StagedCommit.Identities(author: identity("author"), committer: identity("committer"))
    }

    /// git's internal date form, `[@]<seconds> <+hhmm>` (what git exports to hooks); other
    /// forms are not read (the time does not decide anything vigil judges).
    static func internalDate(_ text: String) -> (time: Int64, offset: Int32)? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let time = Int64(parts[0].hasPrefix("@") ? parts[0].dropFirst() : parts[0]) else { return nil }
        let zone = parts[1]
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-", let digits = Int32(zone.dropFirst()) else { return nil }
        let minutes = digits / 100 * 60 + digits % 100
        return (time, sign == "-" ? -minutes : minutes)
    }
}
