import Foundation
import Testing
import VigilForge
import VigilTestSupport

/// TLS through the system's OpenSSL, against `openssl s_server` on loopback with certificates
/// made for the test: a trusted one works, an untrusted one and a wrong host name are refused.
@Suite(.serialized) struct TLSTests {
    static let opensslPath = "/usr/bin/openssl"

    final class TLSServer {
        let process: Process
        let port: Int
        init(directory: URL, cert: String, key: String) throws {
            // A free port: bind, note it, release it.
            let probe = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response() }
            port = probe.port
            probe.stop()
            process = Process()
            process.executableURL = URL(fileURLWithPath: TLSTests.opensslPath)
            process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key, "-WWW", "-quiet"]
            process.currentDirectoryURL = directory
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Ready when it accepts a connection.
            for _ in 0..<100 {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = UInt16(port).bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let ok = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                } == 0
                close(fd)
                if ok { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        deinit {
            // s_server does not always end on SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func certificate(in directory: URL, name: String, san: String) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent("\(name).pem").path
        let key = directory.appendingPathComponent("\(name).key").path
        let result = try ProcessRunner.run(executable: opensslPath, arguments: [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=vigil test", "-addext", "subjectAltName=\(san)", "-keyout", key, "-out", cert,
        ])
        guard result.status == 0 else { throw FixtureError("openssl req: \(result.stderr)") }
        return (cert, key)
    }

    /// Runs `body` with `SSL_CERT_FILE` naming `bundle` (this suite runs its tests one at a time).
    static func trusting(_ bundle: String, _ body: () throws -> Void) rethrows {
        let old = ProcessInfo.processInfo.environment["SSL_CERT_FILE"]
        setenv("SSL_CERT_FILE", bundle, 1)
        defer { if let old { setenv("SSL_CERT_FILE", old, 1) } else { unsetenv("SSL_CERT_FILE") } }
        try body()
    }

    static func get(_ url: String, _ target: String) throws -> String {
        let api = try GitHubAPI(project: "acme/app", api: try APIURL(url))
        var options = ForgeHTTPOptions()
        options.retries = 0
        return try ForgeHTTP(api: api.api, forge: api, token: "t", options: options, clock: RecordingClock()).get(target).text
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TLSTests.opensslPath)))
    func aTrustedCertificateForTheHostWorks() throws {
        let temp = try TemporaryDirectory()
        let (cert, key) = try Self.certificate(in: temp.url, name: "good", san: "DNS:localhost,IP:127.0.0.1")
        try #"{"ok":true}"#.write(to: temp.url.appendingPathComponent("hello.json"), atomically: true, encoding: .utf8)
        let server = try TLSServer(directory: temp.url, cert: cert, key: key)
        try Self.trusting(cert) { () throws -> Void in
            #expect(try Self.get("https://localhost:\(server.port)", "/hello.json").contains(#"{"ok":true}"#))
            #expect(try Self.get("https://127.0.0.1:\(server.port)", "/hello.json").contains(#""ok""#), "an IP address in the certificate")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TLSTests.opensslPath)))
    func anUntrustedCertificateOrAnotherHostIsRefused() throws {
        let temp = try TemporaryDirectory()
        let (cert, key) = try Self.certificate(in: temp.url, name: "server", san: "DNS:localhost")
        let (other, _) = try Self.certificate(in: temp.url, name: "other", san: "DNS:localhost")
        let (elsewhere, elsewhereKey) = try Self.certificate(in: temp.url, name: "elsewhere", san: "DNS:other.example")
        try "{}".write(to: temp.url.appendingPathComponent("hello.json"), atomically: true, encoding: .utf8)
        let server = try TLSServer(directory: temp.url, cert: cert, key: key)
        try Self.trusting(other) { () throws -> Void in
            #expect {
                _ = try Self.get("https://localhost:\(server.port)", "/hello.json")
            } throws: { error in
                "\(error)".contains("not trusted")
            }
        }
        let wrongHost = try TLSServer(directory: temp.url, cert: elsewhere, key: elsewhereKey)
        try Self.trusting(elsewhere) { () throws -> Void in
            #expect {
                _ = try Self.get("https://localhost:\(wrongHost.port)", "/hello.json")
            } throws: { error in
                "\(error)".contains("not trusted") || "\(error)".contains("hostname")
            }
        }
    }
}
