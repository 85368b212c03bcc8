import Foundation
import Yams

/// One commit's expected results, from a fixture's `*.expect.yml`.
public struct ExpectedCommit: Sendable {
    public var subject: String
    public var `class`: String
    public var agents: [String]
    public var added: Int?
    public var removed: Int?
    public var files: Int?
    public var binary: Int?
    public var authorEmail: String?
    public var merge: Bool
    public var review: String?
    public var reviewers: [String]?
    /// Risk categories that must fire (nil: not checked; empty: none may fire).
    public var categories: [String]?
    /// With `categories`: no other category may fire.
    public var only: Bool
}

public enum Expectations {
    public static func load(_ name: String) throws -> [ExpectedCommit] {
        let text = try String(contentsOf: PackagePaths.fixtures.appendingPathComponent(name), encoding: .utf8)
        guard let list = try Yams.load(yaml: text) as? [[String: Any]] else { throw FixtureError("\(name): expected a list") }
        return try list.map { entry in
            guard let subject = entry["subject"] as? String, let klass = entry["class"] as? String else {
                throw FixtureError("\(name): entry without subject or class: \(entry)")
            }
            return ExpectedCommit(subject: subject, class: klass, agents: entry["agents"] as? [String] ?? [],
                                  added: entry["added"] as? Int, removed: entry["removed"] as? Int, files: entry["files"] as? Int,
                                  binary: entry["binary"] as? Int, authorEmail: entry["author_email"] as? String,
                                  merge: entry["merge"] as? Bool ?? false,
                                  review: entry["review"] as? String, reviewers: entry["reviewers"] as? [String],
                                  categories: entry["categories"] as? [String], only: entry["only"] as? Bool ?? false)
        }
    }
}
