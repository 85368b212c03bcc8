import Clibgit2

/// A `Key: value` line that git parses as a trailer (in the message's last paragraph).
public struct Trailer: Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key): \(value)" }

    /// The trailers git itself would parse from `message`, through libgit2's port of
    /// `git interpret-trailers`: only the last paragraph counts, so the same words in prose do not.
    public static func parse(message: String) -> [Trailer] {
        GitLibrary.ensureInitialised()
        return message.withCString { parse(rawMessage: $0, encoding: nil) }
    }

    static func parse(rawMessage: UnsafePointer<CChar>, encoding: String?) -> [Trailer] {
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, rawMessage) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        var result: [Trailer] = []
        result.reserveCapacity(array.count)
        for i in 0..<array.count {
            // The array points into a private buffer freed below: copy now.
            let entry = array.trailers[i]
            result.append(Trailer(
                key: TextDecoding.decode(cString: entry.key, declaredEncoding: encoding).text,
                value: TextDecoding.decode(cString: entry.value, declaredEncoding: encoding).text))
        }
        return result
    }
}
