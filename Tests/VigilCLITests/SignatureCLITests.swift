import Foundation
import Testing
import VigilTestSupport

/// Commit signature state in `scan` output: SSH signatures verified in process.
@Suite struct SignatureCLITests {
    @Test func scanReportsEachCommitsSignatureState() throws {
        let directory = try TemporaryDirectory()
        let key = try SSHKeyPair.generate("dev", in: directory.url)
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("Unsigned", files: ["a.txt": "a\n"])
        try repo.git(["config", "gpg.format", "ssh"])
        try repo.git(["config", "user.signingkey", key.privateKey.path])
        try repo.git(["config", "commit.gpgsign", "true"])
        try repo.commit("Signed", files: ["a.txt": "b\n"])
        let signers = directory.url.appendingPathComponent("allowed_signers")
        try "dev@example.com \(key.publicKey)\n".write(to: signers, atomically: true, encoding: .utf8)

        func states(_ extra: [String]) throws -> [String: [String: Any]] {
            let run = try VigilCLI.run(["scan", repo.path, "--format", "ndjson"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            var result: [String: [String: Any]] = [:]
            for line in run.stdout.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                result[object["subject"] as? String ?? ""] = object["signature"] as? [String: Any] ?? ["state": "none"]
            }
            return result
        }
        let verified = try states(["--allowed-signers", signers.path])
        #expect(verified["Unsigned"]?["state"] as? String == "none")
        #expect(verified["Signed"]?["state"] as? String == "good")
        #expect(verified["Signed"]?["signer"] as? String == "dev@example.com")
        let unknown = try states([])
        #expect(unknown["Signed"]?["state"] as? String == "unknown-key")
        // git's own setting is read when no file is given.
        try repo.git(["config", "gpg.ssh.allowedSignersFile", signers.path])
        #expect(try states([])["Signed"]?["state"] as? String == "good")
    }
}
