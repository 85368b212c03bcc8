/// One line git gives a client's pre-push hook: `<local ref> <local oid> <remote ref> <remote oid>`.
public struct PrePushUpdate: Sendable, Equatable {
    public var localRef: String
    public var local: String
    public var remoteRef: String
    public var remote: String

    /// A zero local id deletes the remote ref: no commit is sent.
    public var isDeletion: Bool { RefUpdate.isZero(local) }

    /// Parses every line; a malformed one is an error naming it.
    public static func parse(_ input: String) throws -> [PrePushUpdate] {
        var updates: [PrePushUpdate] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, parts[1].count == parts[3].count, [40, 64].contains(parts[1].count),
                  (parts[1] + parts[3]).allSatisfy(\.isHexDigit), parts[2].hasPrefix("refs/") else {
                throw GateError("pre-push input line \(index + 1) is not '<local-ref> <local-oid> <remote-ref> <remote-oid>': \(line.prefix(120))")
            }
            updates.append(PrePushUpdate(localRef: parts[0], local: parts[1], remoteRef: parts[2], remote: parts[3]))
        }
        return updates
    }
}
