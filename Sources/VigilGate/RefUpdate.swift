import VigilGit
import VigilModel

/// One line of git's pre-receive input: `<old-oid> <new-oid> <ref-name>`.
public struct RefUpdate: Sendable, Equatable {
    public var old: String
    public var new: String
    public var ref: String

    /// A zero id (of either hash length) means the ref is created (old) or deleted (new).
    public var isCreation: Bool { Self.isZero(old) }
    public var isDeletion: Bool { Self.isZero(new) }

    static func isZero(_ id: String) -> Bool { (id.count == 40 || id.count == 64) && id.allSatisfy { $0 == "0" } }

    /// Parses every line of the hook's input; a malformed line is an error naming it.
    public static func parse(_ input: String) throws -> [RefUpdate] {
        var updates: [RefUpdate] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0].count == parts[1].count, [40, 64].contains(parts[0].count),
                  (parts[0] + parts[1]).allSatisfy(\.isHexDigit), parts[2].hasPrefix("refs/") else {
                throw GateError("pre-receive input line \(index + 1) is not '<old-oid> <new-oid> <ref>': \(line.prefix(120))")
            }
            updates.append(RefUpdate(old: parts[0], new: parts[1], ref: parts[2]))
        }
        return updates
    }
}

/// A gate failure explained in one line (the hook fails closed on it).
public struct GateError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Who is pushing, as the server names them.
public struct Pusher: Sendable, Equatable {
    public var name: String
    public var email: String?

    public init(name: String, email: String?) {
        self.name = name
        self.email = email
    }

    /// `--user` first, then `VIGIL_PUSHER` (a wrapper's), GitLab (`GL_USERNAME`), GitHub
    /// Enterprise (`GITHUB_USER_LOGIN`), Gitea and Forgejo (`GITEA_PUSHER_NAME`, `GITEA_PUSHER_EMAIL`).
    /// These are set by the server, never by the pushing client (push options are `GIT_PUSH_OPTION_*`).
    public static func fromEnvironment(_ env: [String: String], explicit: String? = nil) -> Pusher? {
        if let explicit, !explicit.isEmpty { return Pusher(name: explicit, email: nil) }
        for key in ["VIGIL_PUSHER", "GL_USERNAME", "GITHUB_USER_LOGIN", "GITEA_PUSHER_NAME"] {
            if let name = env[key], !name.isEmpty { return Pusher(name: name, email: env["GITEA_PUSHER_EMAIL"]) }
        }
        return nil
    }

    /// On a client, the one who will push: the identity this clone commits with (user.email).
    public static func committing(in repository: Repository) -> Pusher? {
        repository.configValue("user.email").map { Pusher(name: repository.configValue("user.name") ?? $0, email: $0) }
    }

    /// True when `identity` is plausibly this user: the same email, or an email whose local part or
    /// a name that equals the user name (case-insensitive). Generous on purpose: it only ever
    /// removes approvals.
    public func matches(_ identity: Identity) -> Bool {
        let user = name.lowercased()
        let email = identity.email.lowercased()
        if let mine = self.email?.lowercased(), !mine.isEmpty, mine == email { return true }
        if email.split(separator: "@").first.map(String.init) == user { return true }
        if email.hasSuffix("+\(user)@users.noreply.github.com") { return true }
        return identity.name.lowercased() == user
    }
}

/// `git push -o KEY=VALUE` options, from the variables git sets for the hook.
public enum PushOptions {
    public static func fromEnvironment(_ env: [String: String]) -> [String] {
        guard let count = env["GIT_PUSH_OPTION_COUNT"].flatMap(Int.init), count > 0 else { return [] }
        return (0..<count).compactMap { env["GIT_PUSH_OPTION_\($0)"] }
    }

    /// The value of `key=value` among the options, if given.
    public static func value(of key: String, in options: [String]) -> String? {
        for option in options where option == key || option.hasPrefix(key + "=") {
            return option == key ? "" : String(option.dropFirst(key.count + 1))
        }
        return nil
    }
}
