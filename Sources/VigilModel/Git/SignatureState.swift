/// What a commit's own signature (`gpgsig`) proves.
public enum SignatureState: Sendable, Hashable {
    /// The commit is not signed.
    case none
    /// An SSH signature that verifies, by a key the allowed-signers file gives to `signer`.
    case good(signer: String, key: String)
    /// A signature that does not verify (the commit was changed after signing, or it is malformed).
    case bad(reason: String)
    /// An SSH signature that verifies, by a key no allowed-signers line holds (or none was given).
    case unknownKey(key: String)
    /// An OpenPGP or X.509 signature: present, not verified by vigil.
    case unverified(format: String)

    /// `none`, `good`, `bad`, `unknown-key` or `unverified`, as JSON and the index write it.
    public var name: String {
        switch self {
        case .none: return "none"
        case .good: return "good"
        case .bad: return "bad"
        case .unknownKey: return "unknown-key"
        case .unverified: return "unverified"
        }
    }

    /// The principal a good signature names.
    public var signer: String? {
        if case .good(let signer, _) = self { return signer }
        return nil
    }
}
