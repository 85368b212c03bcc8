import Foundation
import VigilStore
import VigilModel
import VigilRules
import VigilTestSupport

/// A rules directory copied from the project's, for tests that change rules.
struct RulesCopy {
    let url: URL

    init(in directory: URL) throws {
        url = directory.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: PackagePaths.rules, to: url)
    }

    func write(_ relative: String, _ text: String) throws {
        try text.write(to: url.appendingPathComponent(relative), atomically: true, encoding: .utf8)
    }

    func append(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try (try String(contentsOf: file, encoding: .utf8) + text).write(to: file, atomically: true, encoding: .utf8)
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(at: url.appendingPathComponent(relative)) }

    func load() throws -> RuleSet { try RuleSet.load(directory: url.path) }
}

/// A rule that fires on the risk fixture's loyalty page (which the shipped rules rightly ignore).
let loyaltyRule = """
version: 1
rules:
  - id: test-loyalty-points
    title: Loyalty points changed
    category: reward
    severity: medium
    paths: {include: ['shop/**']}
    status: [added, modified]
    keywords: [loyalty]
    added: ['loyalty_reward_points\\s*=']
    message: A test rule.
    examples:
      - {path: shop/a.py, added: 'loyalty_reward_points = 3', expect: flag}
      - {path: shop/a.py, added: 'points = 3', expect: pass}

"""

extension IndexDatabase {
    /// Every finding of the database, as (commit, rule, fingerprint) triples, for comparisons.
    func allFindings() throws -> Set<String> {
        var query = IndexQuery()
        query.triage = .all
        return Set(try flags(query).map { "\($0.commit) \($0.flag.rule) \($0.flag.fingerprint)" })
    }
}
