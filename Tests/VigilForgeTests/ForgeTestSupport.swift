import Foundation
import Synchronization
import VigilForge
import VigilModel
import VigilTestSupport

/// A clock that never sleeps: it records each wait and moves time on by it.
final class RecordingClock: ForgeClock, @unchecked Sendable {
    private let state = Mutex((now: Int64(1_800_000_000), sleeps: [Double]()))
    func now() -> Int64 { state.withLock { $0.now } }
    func sleep(seconds: Double) { state.withLock { $0.sleeps.append(seconds); $0.now += Int64(seconds.rounded(.up)) } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    var slept: Double { sleeps.reduce(0, +) }
}

/// Everything a sync delivered, as the index would keep it.
final class DeliveredRequests: @unchecked Sendable {
    private(set) var requests: [Int: ForgeRequest] = [:]
    private(set) var etags: [Int: String] = [:]
    private(set) var kept: [Int] = []

    func take(_ request: ForgeRequest, _ reviews: ForgeSync.Reviews) {
        switch reviews {
        case .keep:
            var merged = request
            merged.reviews = requests[request.number]?.reviews ?? []
            requests[request.number] = merged
            kept.append(request.number)
        case .replace(_, let etag):
            requests[request.number] = request
            etags[request.number] = etag
        }
    }

    /// The state the next sync starts from.
    func state(after outcome: ForgeSync.Outcome) -> ForgeSyncState {
        var state = outcome.state
        state.known = Dictionary(uniqueKeysWithValues: requests.values.map {
            ($0.number, ForgeSyncState.Known(updatedAt: $0.updatedAt, head: $0.head, reviewsETag: etags[$0.number], reviewsKnown: $0.reviewsKnown))
        })
        return state
    }
}

enum Forges {
    static func api(_ forge: FakeForge) throws -> any ForgeAPI {
        let url = try APIURL(forge.apiURL)
        switch forge.kind {
        case .github: return try GitHubAPI(project: forge.project, api: url)
        case .gitlab: return try GitLabAPI(project: forge.project, api: url)
        case .gitea: return try GiteaAPI(project: forge.project, api: url)
        }
    }

    /// Syncs `forge` from `state` with a recording clock; returns what was delivered and how.
    static func sync(_ forge: FakeForge, from state: ForgeSyncState = ForgeSyncState(), into delivered: DeliveredRequests = DeliveredRequests(),
                     token: String? = nil, clock: RecordingClock = RecordingClock(), events: [ForgeEvent]? = nil,
                     full: Bool = false) throws -> (outcome: ForgeSync.Outcome, delivered: DeliveredRequests, http: ForgeHTTP) {
        let api = try api(forge)
        let http = try ForgeHTTP(api: api.api, forge: api, token: token ?? forge.token, clock: clock)
        let outcome = try ForgeSync(api: api, http: http).run(from: state, full: full) { delivered.take($0, $1) }
        return (outcome, delivered, http)
    }

    static func sha(_ n: Int) -> String { String(repeating: String(format: "%x", n % 16), count: 40) }
}
