/// Why an SSH signature or key was not accepted, in words for the pusher.
public enum SSHSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not an SSHSIG signature or an SSH key as OpenSSH writes them.
    case malformed(String)
    /// A key or signature type vigil does not verify (certificates, security keys, DSA, SHA-1 RSA).
    case unsupported(String)
    /// Well formed, but the signature does not verify for this message and namespace.
    case invalid(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed SSH signature: \(why)"
        case .unsupported(let why): return "unsupported SSH signature: \(why)"
        case .invalid(let why): return "bad SSH signature: \(why)"
        }
    }
}
