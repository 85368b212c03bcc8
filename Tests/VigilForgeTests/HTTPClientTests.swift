import Foundation
import Testing
import VigilForge
import VigilTestSupport

/// The HTTP/1.1 client under the forge APIs: framing, keep-alive, limits, addresses.
@Suite struct HTTPClientTests {
    static func http(_ server: LoopbackHTTPServer) throws -> ForgeHTTP {
        let api = try GitHubAPI(project: "acme/app", api: try APIURL(server.baseURL))
        return try ForgeHTTP(api: api.api, forge: api, token: "t", clock: RecordingClock())
    }

    @Test func readsChunkedAndLengthFramedBodiesOnOneConnection() throws {
        let body = String(repeating: "{\"a\":[1,2,3]} ", count: 50)
        let server = try LoopbackHTTPServer { request in
            LoopbackHTTPServer.Response(status: 200, body: body, chunked: request.path == "/chunked")
        }
        let http = try Self.http(server)
        #expect(try http.get("/chunked").text == body)
        #expect(try http.get("/plain").text == body)
        #expect(try http.get("/chunked").text == body)
        #expect(server.connectionCount == 1, "kept alive")
    }

    @Test func reconnectsWhenTheServerClosesAKeptConnection() throws {
        let server = try LoopbackHTTPServer { request in
            LoopbackHTTPServer.Response(status: 200, body: "ok \(request.path)", close: request.path == "/first")
        }
        let http = try Self.http(server)
        #expect(try http.get("/first").text == "ok /first")
        #expect(try http.get("/second").text == "ok /second")
        #expect(server.connectionCount == 2)
    }

    @Test func anUnreachableForgeIsRetriedThenNamed() throws {
        // A port nothing listens on: bind one, note it, close it.
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response() }
        let port = server.port
        server.stop()
        let api = try GitHubAPI(project: "acme/app", api: try APIURL("http://127.0.0.1:\(port)"))
        let clock = RecordingClock()
        let http = try ForgeHTTP(api: api.api, forge: api, token: "t", clock: clock)
        #expect {
            _ = try http.get("/x")
        } throws: { error in
            (error as? ForgeError)?.kind == .unavailable && "\(error)".contains("could not be reached")
        }
        #expect(clock.sleeps == [1, 2, 4, 8])
    }

    @Test func addressesThatWouldLeakATokenAreRefused() throws {
        #expect(throws: ForgeError.self) { try APIURL("http://api.github.com") }
        #expect(throws: ForgeError.self) { try APIURL("https://user:secret@api.github.com") }
        #expect(throws: ForgeError.self) { try APIURL("ftp://example.com") }
        #expect(throws: ForgeError.self) { try APIURL("https://api.github.com/?x=1") }
        let ghe = try APIURL("https://ghe.example.com/api/v3/")
        #expect(ghe.basePath == "/api/v3" && ghe.port == 443 && ghe.isTLS)
        #expect(try APIURL("http://localhost:8080").isTLS == false)
        #expect(ghe.sameOriginTarget("https://ghe.example.com/api/v3/x?page=2") == "/api/v3/x?page=2")
        #expect(ghe.sameOriginTarget("https://ghe.example.com:444/api/v3/x") == nil)
        #expect(ghe.sameOriginTarget("http://ghe.example.com/api/v3/x") == nil)
        #expect(ghe.sameOriginTarget("https://other.example.com/api/v3/x") == nil)
    }

    @Test func projectNamesCannotInjectPaths() throws {
        let api = try APIURL("https://api.github.com")
        for bad in ["acme", "acme/app/extra", "../app", "acme/..", "acme/a b", "acme/app?x=1", "acme/app\r\nX: y"] {
            #expect(throws: ForgeError.self, "\(bad)") { try GitHubAPI(project: bad, api: api) }
        }
        #expect(throws: ForgeError.self) { try GitLabAPI(project: "group", api: api) }
        #expect(try GitLabAPI(project: "group/sub/project", api: api).listTarget(updatedAfter: nil)
            .hasPrefix("/projects/group%2Fsub%2Fproject/merge_requests?"))
    }

    @Test func aHugeOrBrokenAnswerIsAnErrorNotACrash() throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/huge-header": LoopbackHTTPServer.Response(headers: [("X-Filler", String(repeating: "a", count: 70_000))])
            case "/gzip": LoopbackHTTPServer.Response(headers: [("Content-Encoding", "gzip")], body: "\u{1f}")
            default: LoopbackHTTPServer.Response(body: "fine")
            }
        }
        let http = try Self.http(server)
        #expect(throws: ForgeError.self) { try http.get("/huge-header") }
        #expect(throws: ForgeError.self) { try http.get("/gzip") }
        #expect(try http.get("/after").text == "fine", "the client recovers on a new connection")
    }

    @Test func linkHeadersAreReadAsRFC8288Writes() {
        let header = #"<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last""#
        #expect(LinkHeader.url(header, relation: "next") == "https://api.github.com/repositories/1300192/issues?page=4")
        #expect(LinkHeader.url(header, relation: "last")?.hasSuffix("page=515") == true)
        #expect(LinkHeader.url(#"<https://x/a?b=1,2>; rel="next last""#, relation: "last") == "https://x/a?b=1,2")
        #expect(LinkHeader.url(#"<https://x/a>; rel="first""#, relation: "next") == nil)
    }
}
