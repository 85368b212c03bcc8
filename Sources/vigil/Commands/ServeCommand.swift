import ArgumentParser
import Foundation
import Synchronization
import VigilGit
import VigilServe
import VigilStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The reviewers' web workspace over the index: queue, commit pages, triage.",
        discussion: """
        A triage queue of flagged commits, highest risk first, with filters that make a \
        shareable URL; a page per commit with each flagged hunk once, old beside new, its \
        provenance and review evidence; triage from the keyboard (j/k, c/f/a) with the full \
        history of verdicts; a JSON API (docs/openapi.json) and CSV, SARIF or JSON export of \
        the current filter. Verdicts also go to the repository's git notes \
        (refs/notes/vigil/triage) so they travel with it.

        It listens on 127.0.0.1 only, unless told otherwise: any other address needs --token \
        (or --proxy-user-header behind an authenticating proxy). Every change needs the \
        page's CSRF token and its own origin.

        Examples:
          vigil serve                           this repository's index
          vigil serve --db /var/lib/vigil/all.sqlite --listen 127.0.0.1:9000
          vigil serve --read-only --url-template \\
              'https://github.com/acme/app/commit/{commit}'
          vigil serve --listen 0.0.0.0:8080 --token "$(openssl rand -hex 16)"
        """)

    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository whose index to serve (default: the current directory).", valueName: "path"))
    var repositoryPath: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks one).", valueName: "address"))
    var listen: String = "127.0.0.1:8080"

    @Option(name: .long, help: ArgumentHelp("Require this token (also $VIGIL_SERVE_TOKEN); needed off loopback.", valueName: "token"))
    var token: String?

    @Option(name: .long, help: ArgumentHelp("Trust this header from an authenticating reverse proxy as the reviewer (e.g. X-Forwarded-User).", valueName: "name"))
    var proxyUserHeader: String?

    @Flag(name: .long, help: "Show only: open the index for reading, offer no triage.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Who records verdicts when the page names no one (default: $VIGIL_USER, git's user.name and user.email, $USER).", valueName: "name"))
    var reviewer: String?

    @Option(name: .long, help: ArgumentHelp("Link each commit to the forge; {commit} becomes its id.", valueName: "template"))
    var urlTemplate: String?

    @Option(name: .long, help: ArgumentHelp("Link each finding's file; {commit}, {path}, {line} are replaced.", valueName: "template"))
    var fileUrlTemplate: String?

    @Flag(name: .long, help: "Keep verdicts in the index only (do not write refs/notes/vigil/triage).")
    var noNotes = false

    @Option(name: .long, help: ArgumentHelp("A rules directory (for SARIF rule descriptions).", valueName: "dir"))
    var rules: String?

    func run() throws {
        guard let address = ListenAddress(parsing: listen) else {
            throw CommandFailure(message: "--listen: '\(listen)' is not HOST:PORT (127.0.0.1:8080, [::1]:8080)", exitCode: ExitStatus.badInput)
        }
        let environment = ProcessInfo.processInfo.environment
        let token = self.token ?? environment["VIGIL_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let path = try database.path(repositoryPath: repositoryPath)
        let repository = try? Repository(discoveringFrom: repositoryPath)
        let configuration = ServeConfiguration(databasePath: path, listen: address, token: token, proxyUserHeader: proxyUserHeader,
                                               readOnly: readOnly, reviewer: reviewer ?? TriageCommand.defaultReviewer(repository: repository),
                                               commitURLTemplate: urlTemplate, fileURLTemplate: fileUrlTemplate, rulesDirectory: rules,
                                               writeNotes: !noNotes)
        if let refusal = configuration.refusal() {
            throw CommandFailure(message: refusal, exitCode: ExitStatus.badInput)
        }
        let app = try ServeApp(configuration: configuration)
        let readOnly = self.readOnly
        // The commands run synchronously; the server runs on Swift's concurrency threads until a signal stops it.
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await VigilServer.run(app) { bound in
                    var url = "http://\(bound)/"
                    if let token { url += "?token=\(URLText.component(token))" }
                    Diagnostics.note("serving \(path) at \(url)\(readOnly ? " (read-only)" : "") (Ctrl-C stops)")
                }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            throw CommandFailure(message: "cannot serve on \(address): \(error)", exitCode: ExitStatus.badInput)
        }
    }
}
