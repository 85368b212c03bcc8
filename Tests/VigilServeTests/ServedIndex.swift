import Foundation
import Synchronization
import VigilRules
import VigilServe
import VigilStore
import VigilTestSupport

/// The serve fixture indexed into a fresh database, served for real on 127.0.0.1 (a port the
/// system picks) until `stop()`.
final class ServedIndex: @unchecked Sendable {
    let tmp: TemporaryDirectory
    let repository: URL
    let databasePath: String
    let app: ServeApp
    let client: LoopbackHTTP
    private let task: Task<Void, any Error>

    init(configure: (inout ServeConfiguration) -> Void = { _ in }) async throws {
        tmp = try TemporaryDirectory(prefix: "vigil-serve")
        repository = try FixtureRepository.fresh("serve.sh", in: tmp.url)
        databasePath = tmp.url.appendingPathComponent("index.sqlite").path
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let db = try IndexDatabase(path: databasePath)
        _ = try Indexer(database: db, options: IndexOptions(repositoryPath: repository.path, rules: rules, workers: 2)).run()
        var configuration = ServeConfiguration(databasePath: databasePath, listen: ListenAddress(host: "127.0.0.1", port: 0),
                                               reviewer: "Rita Reviewer <rita@example.com>",
                                               commitURLTemplate: "https://forge.example/acme/app/commit/{commit}",
                                               rulesDirectory: PackagePaths.rules.path)
        configure(&configuration)
        let app = try ServeApp(configuration: configuration)
        self.app = app
        let bound = AsyncStream<Int>.makeStream()
        task = Task { try await VigilServer.run(app, handleSignals: false) { bound.continuation.yield($0.port) } }
        var port = 0
        for await p in bound.stream { port = p; break }
        client = LoopbackHTTP(port: port)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// A page, with the CSRF cookie it sets and the token it embeds.
    func page(_ target: String = "/") async throws -> (response: LoopbackHTTP.Response, cookie: String, token: String) {
        let response = try await client.send("GET", target)
        let cookie = response.cookie(RequestGuard.csrfCookie) ?? ""
        let token = Self.meta("csrf-token", in: response.body) ?? ""
        return (response, cookie, token)
    }

    static func meta(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "<meta name=\"\(name)\" content=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// POST /api/triage as the page's script sends it.
    func triage(_ body: [String: Any], cookie: String, token: String, origin: String? = nil) async throws -> LoopbackHTTP.Response {
        let data = try JSONSerialization.data(withJSONObject: body)
        var headers = [("Content-Type", "application/json"), ("Cookie", "\(RequestGuard.csrfCookie)=\(cookie)"),
                       ("X-Vigil-CSRF", token), ("Origin", origin ?? "http://127.0.0.1:\(client.port)")]
        if token.isEmpty { headers.removeAll { $0.0 == "X-Vigil-CSRF" } }
        return try await client.send("POST", "/api/triage", headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    func json(_ target: String) async throws -> [String: Any] {
        let response = try await client.send("GET", target)
        guard response.status == 200 else { throw LoopbackHTTP.Failure(description: "GET \(target): \(response.status) \(response.body)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] else {
            throw LoopbackHTTP.Failure(description: "GET \(target): not a JSON object")
        }
        return object
    }
}
