import Crypto
import Foundation

/// An SSHSIG signature (`ssh-keygen -Y sign`, `PROTOCOL.sshsig`): the signer's public key, the
/// namespace, the hash algorithm and the signature, parsed from its armor and verified in process.
public struct SSHSignature: Sendable {
    public let publicKey: SSHPublicKey
    public let namespace: String
    public let hashAlgorithm: String
    private let signature: [UInt8]

    static let begin = "-----BEGIN SSH SIGNATURE-----"
    static let end = "-----END SSH SIGNATURE-----"

    /// Parses the armored text; anything after the footer is ignored, as OpenSSH does.
    public init(armored: String) throws(SSHSignatureError) {
        let text = armored.replacingOccurrences(of: "\r\n", with: "\n")
        guard text.hasPrefix(Self.begin + "\n"), let footer = text.range(of: "\n" + Self.end) else {
            throw .malformed("no SSH SIGNATURE armor")
        }
        let body = text[text.index(text.startIndex, offsetBy: Self.begin.count + 1)..<footer.lowerBound]
            .filter { !$0.isWhitespace }
        guard let blob = Data(base64Encoded: String(body)) else { throw .malformed("the armor is not base64") }
        var reader = SSHWireReader(Array(blob))
        guard try reader.raw(6) == Array("SSHSIG".utf8) else { throw .malformed("no SSHSIG magic") }
        guard try reader.uint32() == 1 else { throw .unsupported("SSHSIG version") }
        let keyBlob = try reader.string()
        namespace = try reader.text()
        _ = try reader.string() // reserved
        hashAlgorithm = try reader.text()
        signature = try reader.string()
        guard reader.isAtEnd else { throw .malformed("trailing data after the signature") }
        guard hashAlgorithm == "sha512" || hashAlgorithm == "sha256" else {
            throw .unsupported("hash algorithm '\(hashAlgorithm.prefix(20))'")
        }
        publicKey = try SSHPublicKey(blob: keyBlob)
    }

    /// Checks that the signature covers exactly `message` in `namespace` (the namespace the
    /// verifier expects, never the one the signature claims). Says nothing about whose key it is:
    /// look the key up in an allowed-signers file after this.
    public func verify(message: [UInt8], namespace expected: String) throws(SSHSignatureError) {
        guard namespace == expected else { throw .invalid("signed for namespace '\(namespace.prefix(40))', not '\(expected)'") }
        let digest: [UInt8] = hashAlgorithm == "sha512" ? Array(SHA512.hash(data: message)) : Array(SHA256.hash(data: message))
        let signed = Array("SSHSIG".utf8) + SSHWireWriter.string(Array(expected.utf8)) + SSHWireWriter.string([])
            + SSHWireWriter.string(Array(hashAlgorithm.utf8)) + SSHWireWriter.string(digest)
        try publicKey.verify(signature: signature, over: signed)
    }
}
