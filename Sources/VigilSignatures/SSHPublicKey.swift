import Crypto
import _CryptoExtras
import Foundation

/// An SSH public key, as the wire blob OpenSSH writes (the base64 field of `id_*.pub` and of an
/// allowed-signers line). Keys are compared by their blob: the same key material is the same key.
public struct SSHPublicKey: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case ed25519 = "ssh-ed25519"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case ecdsaP384 = "ecdsa-sha2-nistp384"
        case ecdsaP521 = "ecdsa-sha2-nistp521"
        case rsa = "ssh-rsa"
    }

    public let kind: Kind
    /// The whole wire blob (type string included).
    public let blob: [UInt8]
    /// The key material: the 32 raw bytes (Ed25519), the uncompressed point (ECDSA), or e and n (RSA).
    private let material: [[UInt8]]

    /// Parses a wire blob; certificates and security-key types are refused (`unsupported`).
    public init(blob: [UInt8]) throws(SSHSignatureError) {
        var reader = SSHWireReader(blob)
        let type = try reader.text()
        guard let kind = Kind(rawValue: type) else {
            throw .unsupported("key type '\(type.prefix(60))'")
        }
        switch kind {
        case .ed25519:
            let raw = try reader.string()
            guard raw.count == 32 else { throw .malformed("an Ed25519 key is 32 bytes") }
            material = [raw]
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let curve = try reader.text()
            guard "ecdsa-sha2-" + curve == type else { throw .malformed("curve '\(curve.prefix(20))' does not match key type") }
            material = [try reader.string()]
        case .rsa:
            let e = try reader.unsignedInteger()
            let n = try reader.unsignedInteger()
            guard n.count * 8 >= 2048 - 8 else { throw .unsupported("RSA keys under 2048 bits") }
            material = [e, n]
        }
        guard reader.isAtEnd else { throw .malformed("trailing bytes after the key") }
        self.kind = kind
        self.blob = blob
    }

    /// Parses `TYPE BASE64` (the text of a `.pub` file or an allowed-signers key, comment ignored).
    public init(openSSH text: String) throws(SSHSignatureError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else {
            throw .malformed("not 'type base64' public key text")
        }
        try self.init(blob: Array(blob))
        guard kind.rawValue == fields[0] else { throw .malformed("key type '\(fields[0].prefix(40))' does not match its blob") }
    }

    public static func == (a: SSHPublicKey, b: SSHPublicKey) -> Bool { a.blob == b.blob }
    public func hash(into hasher: inout Hasher) { hasher.combine(blob) }

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    public var description: String { "\(kind.rawValue) \(fingerprint)" }

    /// Checks an SSH signature blob (`string type, string signature`) over `data`.
    func verify(signature: [UInt8], over data: [UInt8]) throws(SSHSignatureError) {
        var reader = SSHWireReader(signature)
        let type = try reader.text()
        let body = try reader.string()
        guard reader.isAtEnd else { throw .malformed("trailing bytes after the signature") }
        let valid: Bool
        switch kind {
        case .ed25519:
            guard type == kind.rawValue else { throw .invalid("a \(type.prefix(40)) signature from an Ed25519 key") }
            do {
                valid = try Curve25519.Signing.PublicKey(rawRepresentation: material[0]).isValidSignature(body, for: data)
            } catch { throw .malformed("bad Ed25519 key") }
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            guard type == kind.rawValue else { throw .invalid("a \(type.prefix(40)) signature from an ECDSA key") }
            var inner = SSHWireReader(body)
            let r = try inner.unsignedInteger(), s = try inner.unsignedInteger()
            guard inner.isAtEnd else { throw .malformed("trailing bytes in the ECDSA signature") }
            valid = try Self.verifyECDSA(kind: kind, point: material[0], r: r, s: s, data: data)
        case .rsa:
            // OpenSSH refuses SHA-1 RSA signatures for SSHSIG; so does vigil.
            guard type == "rsa-sha2-512" || type == "rsa-sha2-256" else { throw .unsupported("RSA signature type '\(type.prefix(40))'") }
            do {
                let key = try _RSA.Signing.PublicKey(n: material[1], e: material[0])
                let width = (key.keySizeInBits + 7) / 8
                guard body.count <= width else { throw SSHSignatureError.invalid("RSA signature longer than the key") }
                // OpenSSH may drop leading zeros; BoringSSL wants the modulus' length.
                let signature = _RSA.Signing.RSASignature(rawRepresentation: [UInt8](repeating: 0, count: width - body.count) + body)
                // PKCS#1 v1.5, as SSH signs: the `for: data` overloads would use PSS and never match.
                valid = type == "rsa-sha2-512"
                    ? key.isValidSignature(signature, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
                    : key.isValidSignature(signature, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            } catch let error as SSHSignatureError {
                throw error
            } catch {
                throw .malformed("bad RSA key")
            }
        }
        guard valid else { throw .invalid("the signature does not match the signed data") }
    }

    /// ECDSA over the SSH curve's own hash (SHA-256/384/512), r and s left-padded to the field size.
    private static func verifyECDSA(kind: Kind, point: [UInt8], r: [UInt8], s: [UInt8], data: [UInt8]) throws(SSHSignatureError) -> Bool {
        func fixed(_ value: [UInt8], _ width: Int) throws(SSHSignatureError) -> [UInt8] {
            guard value.count <= width else { throw .malformed("ECDSA signature component too long") }
            return [UInt8](repeating: 0, count: width - value.count) + value
        }
        do {
            switch kind {
            case .ecdsaP256:
                let signature = try P256.Signing.ECDSASignature(rawRepresentation: try fixed(r, 32) + fixed(s, 32))
                return try P256.Signing.PublicKey(x963Representation: point).isValidSignature(signature, for: data)
            case .ecdsaP384:
                let signature = try P384.Signing.ECDSASignature(rawRepresentation: try fixed(r, 48) + fixed(s, 48))
                return try P384.Signing.PublicKey(x963Representation: point).isValidSignature(signature, for: data)
            default:
                let signature = try P521.Signing.ECDSASignature(rawRepresentation: try fixed(r, 66) + fixed(s, 66))
                return try P521.Signing.PublicKey(x963Representation: point).isValidSignature(signature, for: data)
            }
        } catch let error as SSHSignatureError {
            throw error
        } catch {
            throw .malformed("bad ECDSA key or signature")
        }
    }
}
