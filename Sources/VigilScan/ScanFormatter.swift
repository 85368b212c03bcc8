import VigilGit
import VigilRisk
import VigilRules

/// How scan results are written.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns and a summary; coloured on a terminal.
    case table
    /// One JSON array of commit objects.
    case json
    /// One JSON commit object per line.
    case ndjson
    /// SARIF 2.1.0 for code scanning (risk findings only).
    case sarif
}

/// Writes commit reports as they stream in, then the end of the output.
public protocol ScanFormatter {
    func begin()
    func write(_ report: CommitReport)
    func finish(summary: ScanSummary)
}

/// The per-commit rendering workers can do in parallel for `format`, if any.
public func workerRendering(for format: OutputFormat, summaryOnly: Bool) -> (@Sendable (CommitReport) -> String)? {
    guard !summaryOnly, format == .json || format == .ndjson else { return nil }
    // Rendered in the workers before suppression: only safe when nothing will be suppressed.
    return { $0.json.serialized() }
}

public func makeScanFormatter(_ format: OutputFormat, sink: OutputSink, style: TerminalStyle, summaryOnly: Bool, rules: RiskRuleSet) -> ScanFormatter {
    if summaryOnly { return SummaryOnlyFormatter(sink: sink, style: style, json: format != .table) }
    switch format {
    case .table: return TableFormatter(sink: sink, style: style)
    case .json: return JSONArrayFormatter(sink: sink)
    case .ndjson: return NDJSONFormatter(sink: sink)
    case .sarif: return SARIFFormatter(sink: sink, rules: rules)
    }
}

final class JSONArrayFormatter: ScanFormatter {
    private let sink: OutputSink
    private var first = true
    init(sink: OutputSink) { self.sink = sink }
    func begin() { sink.write("[") }
    func write(_ report: CommitReport) {
        sink.write(first ? "\n" : ",\n")
        first = false
        sink.write(report.rendered ?? report.json.serialized())
    }
    func finish(summary: ScanSummary) {
        sink.write(first ? "]\n" : "\n]\n")
        sink.flush()
    }
}

final class NDJSONFormatter: ScanFormatter {
    private let sink: OutputSink
    init(sink: OutputSink) { self.sink = sink }
    func begin() {}
    func write(_ report: CommitReport) {
        sink.write(report.rendered ?? report.json.serialized())
        sink.write("\n")
    }
    func finish(summary: ScanSummary) { sink.flush() }
}

final class SummaryOnlyFormatter: ScanFormatter {
    private let sink: OutputSink
    private let style: TerminalStyle
    private let json: Bool
    init(sink: OutputSink, style: TerminalStyle, json: Bool) {
        self.sink = sink
        self.style = style
        self.json = json
    }
    func begin() {}
    func write(_ report: CommitReport) {}
    func finish(summary: ScanSummary) {
        sink.write(json ? summary.json.pretty() + "\n" : SummaryText.render(summary, style: style))
        sink.flush()
    }
}

/// The human-readable table: one row per commit, then the summary.
final class TableFormatter: ScanFormatter {
    private let sink: OutputSink
    private let style: TerminalStyle

    init(sink: OutputSink, style: TerminalStyle) {
        self.sink = sink
        self.style = style
    }

    func begin() {
        sink.write(style.paint("COMMIT      DATE        CLASS     AGENTS              LINES         SUBJECT", .bold) + "\n")
    }

    func write(_ report: CommitReport) {
        let commit = report.commit
        let date = Timestamp.date(seconds: commit.committer.time, offsetMinutes: commit.committer.offsetMinutes)
        let klass = report.provenance.class
        let agents = report.provenance.agents.isEmpty ? "-" : report.provenance.agents.joined(separator: ",")
        let lines = report.stats.map { "+\($0.added) -\($0.removed)" } ?? "-"
        var row = pad(commit.id.abbreviated(10), 12) + pad(date, 12)
            + style.paint(pad(klass.rawValue, 10), TerminalStyle.colour(for: klass))
            + pad(agents, 20) + pad(lines, 14)
        let used = 12 + 12 + 10 + max(20, agents.count + 1) + max(14, lines.count + 1)
        var subject = commit.subject
        if !report.problems.isEmpty { subject += " [incomplete]" }
        if let width = style.width, width > used + 10, subject.count > width - used {
            subject = String(subject.prefix(width - used - 1)) + "…"
        }
        row += subject
        sink.write(row + "\n")
        for flag in report.flags {
            let where_ = flag.line > 0 ? "\(flag.path):\(flag.line)" : flag.path
            let mark = flag.side == .added ? "+" : flag.side == .removed ? "-" : "~"
            sink.write("    " + style.paint(pad(flag.severity.rawValue, 9), TerminalStyle.colour(for: flag.severity))
                       + pad(flag.rule, 30) + "\(where_) \(mark) " + String(flag.excerpt.prefix(100)) + "\n")
        }
    }

    func finish(summary: ScanSummary) {
        sink.write("\n" + SummaryText.render(summary, style: style))
        sink.flush()
    }

    private func pad(_ text: String, _ width: Int) -> String { text.padded(to: width) }
}

/// The summary in words, shared by the table and `--summary`.
enum SummaryText {
    static func render(_ summary: ScanSummary, style: TerminalStyle) -> String {
        var out = ""
        let classes = ProvenanceClassOrder.all.map { "\($0.rawValue) \(summary.byClass[$0] ?? 0)" }.joined(separator: ", ")
        out += "Commits: \(summary.commits) (\(classes))\n"
        out += "AI-made (ai + assisted): \(summary.aiMadeCommits) commits, \(percent(summary.aiCommitShare))"
        if summary.statsComputed {
            out += "; \(summary.aiChangedLines) of \(summary.changedLines) changed lines, \(percent(summary.aiLineShare))"
        }
        out += "\n"
        if !summary.byAgent.isEmpty {
            out += "By agent: " + summary.agentsByCount.map { "\($0.agent) \($0.commits)" }.joined(separator: ", ") + "\n"
        }
        if summary.flags > 0 {
            let severities = Severity.allCases.reversed().compactMap { s in summary.flagsBySeverity[s].map { "\(s.rawValue) \($0)" } }.joined(separator: ", ")
            let categories = RiskCategory.allCases.compactMap { c in summary.flagsByCategory[c].map { "\(c.rawValue) \($0)" } }.joined(separator: ", ")
            out += style.paint("Flags: \(summary.flags) in \(summary.flaggedCommits) commit(s) (\(severities); \(categories))", .red) + "\n"
        }
        if summary.suppressedFlags > 0 { out += "Suppressed by baseline or ignore file: \(summary.suppressedFlags)\n" }
        if summary.incompleteCommits > 0 {
            out += style.paint("Incomplete: \(summary.incompleteCommits) commit(s) could not be read in full (see problems)", .yellow) + "\n"
        }
        return out
    }

    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded() / 10
        return "\(tenths)%"
    }
}

/// Percentages as vigil prints them (one decimal).
public enum SummaryTextPercent {
    public static func format(_ share: Double) -> String { SummaryText.percent(share) }
}
