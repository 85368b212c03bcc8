import VigilModel

/// Verifies commits' own SSH signatures as `git log --show-signature` does (namespace `git`, the
/// key looked up in an allowed-signers file, its validity judged at the committer date as git
/// judges it), in process. OpenPGP and X.509 signatures are reported present and unverified.
public struct CommitSignatureVerifier: Sendable {
    public let allowedSigners: AllowedSigners?
    public let revoked: RevokedKeys

    public init(allowedSigners: AllowedSigners?, revoked: RevokedKeys = RevokedKeys()) {
        self.allowedSigners = allowedSigners
        self.revoked = revoked
    }

    /// The state of `signature` on a commit, the key judged valid or not at `time` (the committer
    /// date, as git does; the gate gives the push time, which it controls).
    public func state(of signature: CommitSignature?, committedAt time: Int64) -> SignatureState {
        guard let signature else { return .none }
        switch signature.format {
        case .openpgp: return .unverified(format: "openpgp")
        case .x509: return .unverified(format: "x509")
        case .unknown: return .bad(reason: "unrecognised signature format")
        case .ssh: break
        }
        let parsed: SSHSignature
        do {
            parsed = try SSHSignature(armored: signature.armored)
            try parsed.verify(message: signature.payload, namespace: "git")
        } catch {
            return .bad(reason: error.description)
        }
        let key = parsed.publicKey
        if revoked.contains(key) { return .bad(reason: "the key \(key.fingerprint) is revoked") }
        guard let allowedSigners else { return .unknownKey(key: key.fingerprint) }
        // As `ssh-keygen -Y find-principals`: the first line holding the key that allows the
        // namespace and is valid at the time.
        for entry in allowedSigners.entries(for: key) where entry.allows(namespace: "git") {
            if let after = entry.validAfter, time < after { continue }
            if let before = entry.validBefore, time > before { continue }
            return .good(signer: entry.principals, key: key.fingerprint)
        }
        return .unknownKey(key: key.fingerprint)
    }
}
