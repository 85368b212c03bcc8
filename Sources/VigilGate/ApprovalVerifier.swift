import VigilAnalysis
import VigilModel
import VigilSignatures

/// Checks the signed approvals on a commit: each must be a canonical payload for exactly this
/// commit's change, signed (SSHSIG, namespace `vigil-approval`, verified in process) by a key
/// the server's allowed-signers file gives to the reviewer it names, valid at the push time,
/// not revoked, not an agent's or a bot's key, and from someone other than the author and the pusher.
public struct ApprovalVerifier {
    public let allowedSigners: AllowedSigners
    public let revoked: RevokedKeys
    /// When the push happens (the server's clock): key validity is judged then, never at a date
    /// the committer or the reviewer wrote.
    public let pushTime: Int64
    let identities: ProvenanceClassifier

    public init(allowedSigners: AllowedSigners, revoked: RevokedKeys, pushTime: Int64, identities: ProvenanceClassifier) {
        self.allowedSigners = allowedSigners
        self.revoked = revoked
        self.pushTime = pushTime
        self.identities = identities
    }

    public enum Outcome: Sendable, Equatable {
        case accepted(Identity)
        /// The approval does not count, and why (one line, for the pusher).
        case refused(String)
    }

    /// Who the pusher is, as far as the gate knows.
    public enum PusherKnowledge {
        case known(Pusher)
        /// Unknown, and the policy needs to know (approvals cannot be told apart from the pusher's).
        case unknownRequired
        /// Unknown, and the policy lets approvals count anyway.
        case unknownOptional
    }

    /// Every approval in `note` for a commit whose change is `binding` and whose author is `author`.
    public func check(note: String, binding: ChangeBinding, author: Identity, pusher: PusherKnowledge,
                      approvers: Set<String>) -> [Outcome] {
        let entries = ApprovalNote.entries(in: note)
        guard !entries.isEmpty else { return [.refused("the approvals note holds no signed approval")] }
        return entries.map { check($0, binding: binding, author: author, pusher: pusher, approvers: approvers) }
    }

    func check(_ entry: ApprovalNote.Entry, binding: ChangeBinding, author: Identity, pusher: PusherKnowledge,
               approvers: Set<String>) -> Outcome {
        let payload: ApprovalPayload
        do { payload = try ApprovalPayload(parsing: entry.payload) } catch { return .refused("malformed approval: \(error)") }
        let who = "\(payload.reviewer)"
        guard payload.change == binding else {
            return .refused("approval by \(who) is for another change (\(payload.change.shortDescription); this commit is \(binding.shortDescription))")
        }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: entry.signature)
            try signature.verify(message: Array(entry.payload.utf8), namespace: ApprovalPayload.namespace)
        } catch {
            return .refused("approval by \(who): \(error)")
        }
        let key = signature.publicKey
        if revoked.contains(key) { return .refused("approval by \(who): key \(key.fingerprint) is revoked") }
        switch allowedSigners.check(key: key, principal: payload.reviewer.email, namespace: ApprovalPayload.namespace, at: pushTime) {
        case .allowed: break
        case .unknownKey:
            return .refused("approval by \(who): key \(key.fingerprint) is not in the allowed-signers file")
        case .otherPrincipal(let principals):
            return .refused("approval by \(who): key \(key.fingerprint) belongs to \(principals.joined(separator: "; ")), not \(payload.reviewer.email)")
        case .wrongNamespace(let entry):
            return .refused("approval by \(who): allowed-signers line \(entry.line) does not allow namespace \(ApprovalPayload.namespace)")
        case .notYetValid(let entry):
            return .refused("approval by \(who): key \(key.fingerprint) is not valid yet (allowed-signers line \(entry.line))")
        case .expired(let entry):
            return .refused("approval by \(who): key \(key.fingerprint) has expired (allowed-signers line \(entry.line))")
        }
        // Everyone the key belongs to, by the file: a key shared with the author, the pusher or
        // an agent approves nothing.
        let owners = [payload.reviewer] + allowedSigners.entries(for: key).flatMap { entry in
            entry.principals.split(separator: ",").filter { !$0.hasPrefix("!") && !$0.contains("*") && !$0.contains("?") }
                .map { Identity(name: "", email: String($0)) }
        }
        if let agent = owners.lazy.compactMap({ self.identities.recognise($0) }).first {
            return .refused("approval by \(who): the key belongs to \(agent.kind == .bot ? "a bot" : "an agent") (\(agent.id)), which never approves")
        }
        if owners.contains(where: { $0.isSamePerson(as: author) }) {
            return .refused("approval by \(who): signed with the author's key")
        }
        switch pusher {
        case .known(let pusher):
            if owners.contains(where: { pusher.matches($0) }) { return .refused("approval by \(who): signed with the pusher's key") }
        case .unknownRequired:
            return .refused("approval by \(who) cannot be told apart from the pusher's: the pusher is unknown")
        case .unknownOptional:
            break
        }
        if !approvers.isEmpty && !approvers.contains(payload.reviewer.email.lowercased()) {
            return .refused("approval by \(who): not an approver the policy lists")
        }
        return .accepted(payload.reviewer)
    }
}

extension ChangeBinding {
    /// A short form for messages: `patch-id 3f1c2a9b0d` or `trees …`.
    var shortDescription: String {
        switch self {
        case .patchID(let hex): return "patch-id \(hex.prefix(12))"
        case .trees(_, let tree): return "tree \(tree.abbreviated(12))"
        }
    }
}
