import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules

/// `vigil-bench risk-corpus CORPUS_DIR`: the risk engine measured against the labelled corpus in
/// bench/risk-corpus (README there): it scans the repositories `scans.tsv` names, then prints
/// precision at high/critical and at medium (on findings the corpus labels), recall on the known
/// risky changes with the right category, and the share of commits with a high/critical finding
/// per repository. A benchmark, not a test: it needs the mirrors and a release build.
struct RiskCorpus {
    struct Row {
        var repo: String
        var commit: String
        var path: String
        var side: String
        var range: ClosedRange<Int>?
        var category: String
        var label: String
        var split: String
        var stratum: String
    }

    struct Scan {
        var repo: String
        var mirror: String
        var revision: String
        var firstParent: Bool
        var since: String
        var role: String
    }

    struct Finding {
        var repo: String
        var commit: String
        var flag: RiskFlag
        var split: String
    }

    var directory: String
    var mirrors: String
    var rulesDirectory: String?
    var split: String
    var onlyRepos: Set<String>
    var sampleSize: Int
    var dump: String?
    var verbose = false

    static func tsv(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        return lines.map { fields in Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset < fields.count ? fields[$0.offset] : "") }) }
    }

    static func rows(_ path: String, labelled: Bool) throws -> [Row] {
        try tsv(path).map { f in
            let lines = f["lines"] ?? ""
            var range: ClosedRange<Int>?
            if let dash = lines.firstIndex(of: "-"), let a = Int(lines[..<dash]), let b = Int(lines[lines.index(after: dash)...]) { range = a...max(a, b) }
            return Row(repo: f["repo"] ?? "", commit: f["commit"] ?? "", path: f["path"] ?? "", side: f["side"] ?? "", range: range,
                       category: f["category"] ?? "-", label: labelled ? (f["label"] ?? "") : "risky", split: f["split"] ?? "design",
                       stratum: f["stratum"] ?? "known-change")
        }
    }

    /// The split a commit belongs to: the corpus's own column where the commit is listed, else
    /// the rule the corpus was split by (the last hex digit 0-4 is held out).
    static func split(of commit: String, listed: [String: String]) -> String {
        if let split = listed[commit] { return split }
        return "01234".contains(commit.last ?? "9") ? "heldout" : "design"
    }

    /// True when `flag` (in `commit` of `repo`) falls on `row`.
    static func matches(_ flag: RiskFlag, _ row: Row) -> Bool {
        guard flag.path == row.path else { return false }
        if flag.lines.isEmpty || row.side == "file" { return true }
        guard let range = row.range else { return false }
        let side: RiskFlag.Side = row.side == "old" ? .removed : .added
        return flag.lines.contains { $0.side == side && range.contains($0.number) }
    }

    func run() throws {
        let known = try Self.rows(directory + "/known-changes.tsv", labelled: false)
        let labels = try Self.rows(directory + "/hunk-labels.tsv", labelled: true)
        var listed: [String: String] = [:]
        for row in known + labels { listed[row.commit] = row.split }
        let scans = try Self.tsv(directory + "/scans.tsv").map {
            Scan(repo: $0["repo"] ?? "", mirror: $0["mirror"] ?? "", revision: $0["revision"] ?? "HEAD",
                 firstParent: $0["first_parent"] == "yes", since: $0["since"] ?? "", role: $0["role"] ?? "")
        }.filter { onlyRepos.isEmpty || onlyRepos.contains($0.repo) }
        let rules = try rulesDirectory.map { try RuleSet.load(directory: $0) } ?? RuleSet.builtIn()
        var findings: [Finding] = []
        print("risk corpus: \(directory), rules: \(rules.source), split: \(split)")
        print("")
        print("share of commits with a high/critical finding")
        for scan in scans {
            let path = mirrors + "/" + scan.mirror + "/repo"
            var query = RevisionQuery(revisions: [scan.revision], firstParent: scan.firstParent)
            if !scan.since.isEmpty { query.since = GitDate.parse(scan.since) }
            var configuration = ScanConfiguration(repositoryPath: path, query: query, rules: rules, computeStats: false)
            configuration.checkRisk = true
            let scanner = try CommitScanner(configuration: configuration)
            var commits = 0, flagged = 0, inSplit = 0, flaggedInSplit = 0, mostFindings = 0
            var scanned = Set<String>()
            let start = Date()
            try scanner.run { item in
                let id = item.report.commit.id.hex
                let commitSplit = Self.split(of: id, listed: listed)
                scanned.insert(id)
                commits += 1
                mostFindings = max(mostFindings, item.report.flags.count)
                let high = item.report.flags.contains { $0.severity >= .high }
                if high { flagged += 1 }
                if split == "all" || commitSplit == split {
                    inSplit += 1
                    if high { flaggedInSplit += 1 }
                }
                for flag in item.report.flags { findings.append(Finding(repo: scan.repo, commit: id, flag: flag, split: commitSplit)) }
                return true
            }
            let missing = Set(known.filter { $0.repo == scan.repo }.map(\.commit)).subtracting(scanned).count
            print(String(format: "  %-24@ %6d commits  %5d flagged  %6.2f %%   (split %@: %d of %d, %.2f %%)  at most %d findings a commit  %.0f s%@",
                         scan.repo as NSString, commits, flagged, percent(flagged, commits), split as NSString, flaggedInSplit, inSplit,
                         percent(flaggedInSplit, inSplit), mostFindings, Date().timeIntervalSince(start),
                         missing > 0 ? " (\(missing) known-change commits not in this scan)" as NSString : "" as NSString))
        }
        let inScope = { (repo: String, split: String) in self.split == "all" || split == self.split }
        // Recall on the known changes.
        print("")
        print("recall on known risky changes (a finding of the row's category on a line in its range)")
        let knownHere = known.filter { row in scans.contains { $0.repo == row.repo } && inScope(row.repo, row.split) }
        var byKey: [String: [Finding]] = [:]
        for finding in findings { byKey[finding.repo + " " + finding.commit, default: []].append(finding) }
        func caught(_ row: Row, _ minimum: Severity, sameCategory: Bool) -> Bool {
            (byKey[row.repo + " " + row.commit] ?? []).contains {
                $0.flag.severity >= minimum && (!sameCategory || $0.flag.category.rawValue == row.category) && Self.matches($0.flag, row)
            }
        }
        let byRepo = Dictionary(grouping: knownHere, by: \.repo).sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        let byCategory = Dictionary(grouping: knownHere, by: \.category).sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        for (name, rows) in [("all", knownHere)] + byRepo + byCategory {
            let high = rows.filter { caught($0, .high, sameCategory: true) }.count
            let medium = rows.filter { caught($0, .medium, sameCategory: true) }.count
            let low = rows.filter { caught($0, .low, sameCategory: true) }.count
            let any = rows.filter { caught($0, .low, sameCategory: false) }.count
            print(String(format: "  %-24@ %4d rows   >=high %4d (%5.1f %%)   >=medium %4d (%5.1f %%)   >=low %4d (%5.1f %%)   any category %4d (%5.1f %%)",
                         name as NSString, rows.count, high, percent(high, rows.count), medium, percent(medium, rows.count), low,
                         percent(low, rows.count), any, percent(any, rows.count)))
        }
        // Which rules the catches rest on (a row caught by one rule alone depends on it).
        var catches: [String: (all: Int, sole: Int)] = [:]
        var missed: [Row] = []
        for row in knownHere {
            let rules = Set((byKey[row.repo + " " + row.commit] ?? []).filter {
                $0.flag.severity >= .medium && $0.flag.category.rawValue == row.category && Self.matches($0.flag, row)
            }.map(\.flag.rule))
            if rules.isEmpty { missed.append(row) }
            for rule in rules { catches[rule, default: (0, 0)].all += 1; if rules.count == 1 { catches[rule, default: (0, 0)].sole += 1 } }
        }
        print("  rules the medium catches rest on (rows caught, rows caught by that rule alone):")
        for (rule, counts) in catches.sorted(by: { $0.value.all > $1.value.all }) {
            print(String(format: "      %-44@ %4d  %4d", rule as NSString, counts.all, counts.sole))
        }
        if verbose {
            for row in missed { print("  missed: \(row.repo) \(row.commit.prefix(10)) \(row.path) \(row.side) \(row.range.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "") \(row.category)") }
        }
        // Precision on labelled findings.
        print("")
        print("precision (findings on a labelled hunk of their category; a benign label counts for any category)")
        var rowsByKey: [String: [Row]] = [:]
        for row in labels + known { rowsByKey[row.repo + " " + row.commit, default: []].append(row) }
        func verdict(_ finding: Finding) -> Bool? {
            let rows = (rowsByKey[finding.repo + " " + finding.commit] ?? []).filter { Self.matches(finding.flag, $0) }
            if rows.contains(where: { $0.label == "risky" && $0.category == finding.flag.category.rawValue }) { return true }
            if !rows.isEmpty && rows.allSatisfy({ $0.label == "benign" }) { return false }
            if rows.contains(where: { $0.label == "benign" }) && !rows.contains(where: { $0.label == "risky" }) { return false }
            return nil
        }
        var dumpLines: [String] = ["band\trepo\tcommit\tpath\trule\tcategory\tseverity\tkind\tlines\tlabel\texcerpt"]
        for (band, test) in [("high/critical", { (s: Severity) in s >= .high }), ("medium", { (s: Severity) in s == .medium })] {
            let population = findings.filter { test($0.flag.severity) && inScope($0.repo, $0.split) }
            // A seeded sample when there are more than the sample size: the figure then rests on it.
            var sample = population
            let sampleSize = band == "medium" ? self.sampleSize : max(self.sampleSize, 400)
            if population.count > sampleSize {
                var generator = SeededGenerator(seed: 20261201)
                sample = Array(population.shuffled(using: &generator).prefix(sampleSize))
            }
            var tp = 0, fp = 0, unlabelled = 0
            var byRule: [String: (tp: Int, fp: Int, unlabelled: Int)] = [:]
            for finding in sample {
                let v = verdict(finding)
                switch v {
                case true?: tp += 1; byRule[finding.flag.rule, default: (0, 0, 0)].tp += 1
                case false?: fp += 1; byRule[finding.flag.rule, default: (0, 0, 0)].fp += 1
                case nil: unlabelled += 1; byRule[finding.flag.rule, default: (0, 0, 0)].unlabelled += 1
                }
                dumpLines.append([band, finding.repo, finding.commit, finding.flag.path, finding.flag.rule, finding.flag.category.rawValue,
                                  finding.flag.severity.rawValue, finding.flag.kind.rawValue, finding.flag.lineSummary,
                                  v.map { $0 ? "risky" : "benign" } ?? "unlabelled",
                                  String(finding.flag.excerpt.prefix(100)).replacingOccurrences(of: "\t", with: " ")].joined(separator: "\t"))
            }
            print(String(format: "  %-14@ %5d findings, %4d in the sample: %4d labelled (%d unlabelled), %4d TP, %4d FP: precision %5.1f %%",
                         band as NSString, population.count, sample.count, tp + fp, unlabelled, tp, fp, percent(tp, tp + fp)))
            for (rule, counts) in byRule.sorted(by: { $0.key < $1.key }) {
                print(String(format: "      %-44@ TP %3d  FP %3d  unlabelled %3d", rule as NSString, counts.tp, counts.fp, counts.unlabelled))
            }
        }
        if let dump {
            try (dumpLines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8)
            print("")
            print("sampled findings written to \(dump)")
        }
    }

    func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : 100 * Double(a) / Double(b) }
}

/// A small deterministic generator (SplitMix64), so a sample is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
