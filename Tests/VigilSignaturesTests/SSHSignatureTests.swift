import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilSignatures

/// SSHSIG verified in process, against OpenSSH's own signatures.
@Suite struct SSHSignatureTests {
    /// The throwaway test vector of the research notes (made by `ssh-keygen -Y sign -n vigil-approval`).
    static let vectorKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBS3fc5xa6aSFU1GBkRys1ti8UmV5BnG8UtTmyE6gYVb"
    static let vectorSignature = """
    -----BEGIN SSH SIGNATURE-----
    U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgFLd9znFrppIVTUYGRHKzW2LxSZ
    XkGcbxS1ObITqBhVsAAAAOdmlnaWwtYXBwcm92YWwAAAAAAAAABnNoYTUxMgAAAFMAAAAL
    c3NoLWVkMjU1MTkAAABACvi7Es2oi7QkpMHcFRAd/+g1mUjhSr/mC6g1oS4oThIIFSnLuq
    WqQRag2xVoWCiQ+M+S37zr2G6+tx+f2/lFDQ==
    -----END SSH SIGNATURE-----

    """
    static let vectorMessage = Array("vigil-approval v1\ncommit 0123\n".utf8)

    @Test func verifiesTheKnownVectorAndNothingElse() throws {
        let signature = try SSHSignature(armored: Self.vectorSignature)
        #expect(signature.namespace == "vigil-approval")
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.publicKey == (try SSHPublicKey(openSSH: Self.vectorKey)))
        try signature.verify(message: Self.vectorMessage, namespace: "vigil-approval")
        #expect(throws: SSHSignatureError.self) { try signature.verify(message: Self.vectorMessage + [0x0A], namespace: "vigil-approval") }
        #expect(throws: SSHSignatureError.self) { try signature.verify(message: Self.vectorMessage, namespace: "git") }
    }

    @Test(arguments: ["ed25519", "ecdsa", "rsa"])
    func verifiesWhatSshKeygenSigns(type: String) throws {
        let directory = try TemporaryDirectory()
        let key = try SSHKeyPair.generate("k", type: type, in: directory.url)
        let message = "line one\r\nline two\n"
        let armored = try key.sign(message, namespace: "vigil-approval")
        let signature = try SSHSignature(armored: armored)
        #expect(signature.publicKey == (try SSHPublicKey(openSSH: key.publicLine)))
        try signature.verify(message: Array(message.utf8), namespace: "vigil-approval")
        #expect(throws: SSHSignatureError.self) { try signature.verify(message: Array("line one\nline two\n".utf8), namespace: "vigil-approval") }
        let other = try SSHKeyPair.generate("other", type: type, in: directory.url)
        #expect(signature.publicKey != (try SSHPublicKey(openSSH: other.publicLine)))
    }

    @Test func refusesMalformedArmorAndTrailingData() throws {
        #expect(throws: SSHSignatureError.self) { try SSHSignature(armored: "not a signature") }
        #expect(throws: SSHSignatureError.self) { try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n") }
        // One byte appended to the blob: "Signature contains trailing data", as OpenSSH says.
        let lines = Self.vectorSignature.split(separator: "\n").map(String.init)
        let blob = try #require(Data(base64Encoded: lines[1..<(lines.count - 1)].joined()))
        let padded = "-----BEGIN SSH SIGNATURE-----\n" + (blob + Data([0])).base64EncodedString() + "\n-----END SSH SIGNATURE-----\n"
        #expect(throws: SSHSignatureError.self) { try SSHSignature(armored: padded) }
    }
}

@Suite struct AllowedSignersTests {
    static let key = SSHSignatureTests.vectorKey
    static let otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBS3fc5xa6aSFU1GBkRys1ti8UmV5BnG8UtTmyE6gYVa"

    @Test func readsPrincipalsOptionsAndSkipsBadLinesWithTheirNumber() throws {
        let file = AllowedSigners(text: """
        # comment
        alice@example.com,bob@example.com namespaces="vigil-approval,git" \(Self.key) a comment

        "*@example.com,!eve@example.com" valid-after="20260101",valid-before="20261231Z" \(Self.otherKey)
        x@example.com cert-authority \(Self.key)
        y@example.com bogus="1" \(Self.key)
        """, file: "signers")
        #expect(file.entries.count == 2)
        #expect(file.entries[0].line == 2 && file.entries[0].namespaces == "vigil-approval,git")
        #expect(file.entries[1].principals == "*@example.com,!eve@example.com")
        #expect(file.entries[1].validBefore == 1_798_675_200)
        #expect(file.problems.count == 2)
        #expect(file.problems[0].hasPrefix("signers:5: cert-authority"))
        #expect(file.problems[1].hasPrefix("signers:6: unknown key option 'bogus'"))
    }

    @Test func decidesAsSshKeygenVerifyDoes() throws {
        let file = AllowedSigners(text: """
        alice@example.com namespaces="vigil-approval" \(Self.key)
        *@example.com,!eve@example.com valid-before="20200101Z" \(Self.otherKey)
        """)
        let key = try SSHPublicKey(openSSH: Self.key), other = try SSHPublicKey(openSSH: Self.otherKey)
        let now: Int64 = 1_767_225_600
        guard case .allowed = file.check(key: key, principal: "alice@example.com", namespace: "vigil-approval", at: now) else {
            Issue.record("alice's key signs approvals"); return
        }
        guard case .wrongNamespace = file.check(key: key, principal: "alice@example.com", namespace: "git", at: now) else {
            Issue.record("not commits"); return
        }
        guard case .otherPrincipal = file.check(key: key, principal: "bob@example.com", namespace: "vigil-approval", at: now) else {
            Issue.record("not as bob"); return
        }
        guard case .expired = file.check(key: other, principal: "carol@example.com", namespace: "vigil-approval", at: now) else {
            Issue.record("expired at the push time"); return
        }
        guard case .allowed = file.check(key: other, principal: "carol@example.com", namespace: "vigil-approval", at: 1_500_000_000) else {
            Issue.record("valid before it expired"); return
        }
        guard case .otherPrincipal = file.check(key: other, principal: "eve@example.com", namespace: "vigil-approval", at: 1_500_000_000) else {
            Issue.record("a negated pattern fails the whole list"); return
        }
        let stranger = try SSHPublicKey(openSSH: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        guard case .unknownKey = file.check(key: stranger, principal: "alice@example.com", namespace: "vigil-approval", at: now) else {
            Issue.record("a key no line holds"); return
        }
    }

    @Test func patternListsMatchAsOpenSSHDoes() {
        #expect(PatternList.matches("alice@example.com", list: "*@example.com"))
        #expect(PatternList.matches("a@x.io", list: "b@x.io,?@x.io"))
        #expect(!PatternList.matches("Alice@example.com", list: "alice@example.com"), "case-sensitive")
        #expect(!PatternList.matches("eve@example.com", list: "*@example.com,!eve@example.com"))
        #expect(!PatternList.matches("x", list: "!y"), "a negation alone matches nothing")
    }

    @Test func revokedKeysAreReadAndBinaryKRLsRefused() throws {
        let directory = try TemporaryDirectory()
        let list = directory.url.appendingPathComponent("revoked")
        try "# gone\n\(Self.key) old laptop\n".write(to: list, atomically: true, encoding: .utf8)
        #expect(try RevokedKeys.load(path: list.path).contains(try SSHPublicKey(openSSH: Self.key)))
        let krl = directory.url.appendingPathComponent("krl")
        try Data("SSHKRL\n\0\0\0\u{1}".utf8).write(to: krl)
        #expect(throws: SignerFileError.self) { try RevokedKeys.load(path: krl.path) }
    }
}

@Suite struct CommitSignatureTests {
    /// Commits signed by git itself (`gpg.format=ssh`), verified in process.
    @Test func goodBadAndUnknownKeyCommitSignatures() throws {
        let directory = try TemporaryDirectory()
        let key = try SSHKeyPair.generate("agent", in: directory.url)
        let repo = try HistoryBuilder(in: directory.url)
        try repo.git(["config", "gpg.format", "ssh"])
        try repo.git(["config", "user.signingkey", key.privateKey.path])
        try repo.git(["config", "commit.gpgsign", "true"])
        let id = try repo.commit("Signed", files: ["a.txt": "a\n"])
        let raw = try repo.git(["cat-file", "commit", id])
        let signature = try #require(Self.signature(of: raw))
        let allowed = AllowedSigners(text: "agent@example.com \(key.publicKey)\n")
        let verifier = CommitSignatureVerifier(allowedSigners: allowed)
        #expect(verifier.state(of: signature, committedAt: 0) == .good(signer: "agent@example.com", key: try SSHPublicKey(openSSH: key.publicKey).fingerprint))
        #expect(CommitSignatureVerifier(allowedSigners: AllowedSigners(text: "")).state(of: signature, committedAt: 0).name == "unknown-key")
        var tampered = signature
        tampered.payload += Array("x".utf8)
        #expect(verifier.state(of: tampered, committedAt: 0).name == "bad")
        #expect(verifier.state(of: nil, committedAt: 0) == .none)
        #expect(verifier.state(of: CommitSignature(format: .openpgp, armored: "", payload: []), committedAt: 0) == .unverified(format: "openpgp"))
    }

    /// The `gpgsig` header and the object without it, as git signs it.
    static func signature(of object: String) -> CommitSignature? {
        var lines = object.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("gpgsig ") }) else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix(" ") { end += 1 }
        let armored = ([String(lines[start].dropFirst(7))] + lines[(start + 1)..<end].map { String($0.dropFirst()) }).joined(separator: "\n")
        lines.removeSubrange(start..<end)
        return CommitSignature(format: .ssh, armored: armored, payload: Array(lines.joined(separator: "\n").utf8))
    }
}
