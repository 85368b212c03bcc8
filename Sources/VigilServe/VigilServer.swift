import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Runs a `ServeApp` on Hummingbird: HTTP/1.1 on the configured address, until SIGINT or SIGTERM
/// (or, in tests, until its task is cancelled).
public enum VigilServer {
    /// Requests larger than this are refused before they are read whole.
    static let maxBody = 1 << 20

    /// Serves `app`; `onListening` gets the bound address (`--listen 127.0.0.1:0` picks a port).
    public static func run(_ app: ServeApp, handleSignals: Bool = true,
                           onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }) async throws {
        let listen = app.configuration.listen
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: maxBody)
            let web = webRequest(request, body: body)
            let answer = app.respond(to: web)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            let bytes = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: answer.body)
            return Response(status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: bytes))
        }
        var logger = Logger(label: "vigil-serve")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                app.guardian.boundPort.set(port)
                onListening(ListenAddress(host: listen.host, port: port))
            },
            logger: logger)
        if handleSignals {
            try await application.runService()
        } else {
            try await application.run()
        }
    }

    static func webRequest(_ request: Request, body: ByteBuffer) -> WebRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + (name == "cookie" ? "; " : ", ") + field.value } ?? field.value
        }
        // HTTP/1.1's Host header arrives as the request's authority.
        if let authority = request.head.authority { headers["host"] = authority }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let query = request.uri.query.map { WebRequest.parseQuery(Substring($0)) } ?? []
        let method = request.method == .head ? "GET" : request.method.rawValue
        return WebRequest(method: method, path: path, query: query, headers: headers, body: Array(buffer: body))
    }
}
