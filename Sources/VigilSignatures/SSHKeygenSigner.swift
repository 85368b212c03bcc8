import Foundation

/// Signs bytes as git signs with `gpg.format=ssh`: through `ssh-keygen -Y sign`, so keys held by
/// ssh-agent or a hardware token work as they do for commits. vigil never sees a private key.
public struct SSHKeygenSigner: Sendable {
    /// `gpg.ssh.program` (default `ssh-keygen`).
    public var program: String
    /// `user.signingkey`: a key file (private, or public with the private half in ssh-agent), or
    /// a literal public key (`ssh-ed25519 AAAA…` or `key::…`), which signs through ssh-agent.
    public var signingKey: String

    public init(program: String = "ssh-keygen", signingKey: String) {
        self.program = program
        self.signingKey = signingKey
    }

    /// The armored SSHSIG signature of `message` in `namespace`.
    public func sign(_ message: [UInt8], namespace: String) throws -> String {
        var keyFile = signingKey
        var arguments = ["-Y", "sign", "-n", namespace]
        var temporary: URL?
        if let literal = Self.literalKey(signingKey) {
            // As git does: a literal key goes to a file of its own and ssh-keygen asks the agent (-U).
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-signing-key-\(UUID().uuidString).pub")
            try Data((literal + "\n").utf8).write(to: file)
            temporary = file
            keyFile = file.path
            arguments += ["-U"]
        } else if keyFile.hasPrefix("~/") {
            keyFile = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(keyFile.dropFirst(2))).path
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        arguments += ["-f", keyFile]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.locate(program))
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw SignerFileError("cannot run \(program): \(error.localizedDescription)") }
        // Read both outputs while writing, so neither pipe fills up and stalls ssh-keygen.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (handle, isError) in [(output.fileHandleForReading, false), (errors.fileHandleForReading, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                collected.store(data, isError: isError)
                group.leave()
            }
        }
        input.fileHandleForWriting.write(Data(message))
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        let (stdout, stderr) = collected.values()
        guard process.terminationStatus == 0 else {
            let why = String(decoding: stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            throw SignerFileError("\(program) -Y sign failed: \(why)")
        }
        let armored = String(decoding: stdout, as: UTF8.self)
        guard armored.hasPrefix("-----BEGIN SSH SIGNATURE-----") else { throw SignerFileError("\(program) -Y sign wrote no signature") }
        return armored.hasSuffix("\n") ? armored : armored + "\n"
    }

    /// git's `is_literal_ssh_key`: `key::…`, or text that starts with `ssh-`.
    static func literalKey(_ key: String) -> String? {
        if key.hasPrefix("key::") { return String(key.dropFirst(5)) }
        if key.hasPrefix("ssh-") || key.hasPrefix("ecdsa-") || key.hasPrefix("sk-") { return key }
        return nil
    }

    static func locate(_ program: String) throws -> String {
        if program.contains("/") { return program }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SignerFileError("\(program) not found on PATH (install openssh-client, or set gpg.ssh.program)")
    }
}

/// Both outputs of a child process, filled from two reader threads.
private final class OutputCollector: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func store(_ data: Data, isError: Bool) { lock.withLock { if isError { err = data } else { out = data } } }
    func values() -> (Data, Data) { lock.withLock { (out, err) } }
}
