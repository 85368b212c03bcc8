/// What stopped a sync, in one line (never holding a token), and what kind of stop it is.
public struct ForgeError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The forge refused the token or its scope (401, 403): a fault of the set-up, not of the forge.
        case denied
        /// A bad project name or API address given to vigil.
        case badInput
        /// The forge could not be reached or answered unusably (network, 5xx after retries,
        /// a rate limit that resets too late, a malformed answer): the sync is incomplete.
        case unavailable
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
