import VigilModel

/// How `vigil scan` writes its results.
public enum ScanFormat: String, Sendable, CaseIterable {
    /// Aligned columns and a summary; coloured on a terminal.
    case table
    /// One JSON array of commit objects.
    case json
    /// One JSON commit object per line.
    case ndjson
    /// SARIF 2.1.0 for code scanning (risk findings only).
    case sarif
    /// GitLab's Code Quality report (risk findings only), placed as SARIF's results are.
    case codequality
}

/// Writes commit reports as they stream in, then the end of the output.
public protocol ScanWriter {
    /// `rendered` is the report already serialised in this format by a worker, when it was.
    func write(_ report: CommitReport, rendered: String?)
    func finish(summary: ScanSummary)
}

public enum ScanOutput {
    /// The per-commit rendering workers can do in parallel for `format`, if any.
    public static func workerRendering(for format: ScanFormat, summaryOnly: Bool) -> (@Sendable (CommitReport) -> String)? {
        guard !summaryOnly, format == .json || format == .ndjson else { return nil }
        return { $0.json.serialized() }
    }

    public static func writer(_ format: ScanFormat, output: TextOutput, style: TerminalStyle, summaryOnly: Bool,
                              sarif: @autoclosure () -> SARIFSettings) -> ScanWriter {
        if summaryOnly { return SummaryOnlyWriter(output: output, style: style, json: format != .table) }
        switch format {
        case .table: return TableWriter(output: output, style: style)
        case .json: return JSONScanWriter(output: output, framing: .array)
        case .ndjson: return JSONScanWriter(output: output, framing: .lines)
        case .sarif: return SARIFScanWriter(output: output, settings: sarif())
        case .codequality: return CodeQualityScanWriter(output: output, settings: sarif())
        }
    }
}

final class JSONScanWriter: ScanWriter {
    private let list: JSONListWriter
    init(output: TextOutput, framing: JSONListWriter.Framing) { list = JSONListWriter(output: output, framing: framing) }
    func write(_ report: CommitReport, rendered: String?) { list.write(serialized: rendered ?? report.json.serialized()) }
    func finish(summary: ScanSummary) { list.finish() }
}

final class SARIFScanWriter: ScanWriter {
    private let output: TextOutput
    private var log: SARIFLog
    init(output: TextOutput, settings: SARIFSettings) {
        self.output = output
        log = SARIFLog(settings: settings)
    }
    func write(_ report: CommitReport, rendered: String?) { log.add(report) }
    func finish(summary: ScanSummary) {
        output.write(log.text)
        if let warning = log.capWarning { log.settings.warn(warning) }
    }
}

final class CodeQualityScanWriter: ScanWriter {
    private let output: TextOutput
    private var report: CodeQualityReport
    init(output: TextOutput, settings: SARIFSettings) {
        self.output = output
        report = CodeQualityReport(settings: settings)
    }
    func write(_ commit: CommitReport, rendered: String?) { report.add(commit) }
    func finish(summary: ScanSummary) { output.write(report.text) }
}

final class SummaryOnlyWriter: ScanWriter {
    private let output: TextOutput
    private let style: TerminalStyle
    private let json: Bool
    init(output: TextOutput, style: TerminalStyle, json: Bool) {
        self.output = output
        self.style = style
        self.json = json
    }
    func write(_ report: CommitReport, rendered: String?) {}
    func finish(summary: ScanSummary) {
        output.write(json ? summary.json.pretty() + "\n" : SummaryText.render(summary, style: style))
    }
}

/// The human-readable table: one row per commit, then the summary.
final class TableWriter: ScanWriter {
    private let output: TextOutput
    private let style: TerminalStyle
    private var wroteHeader = false

    init(output: TextOutput, style: TerminalStyle) {
        self.output = output
        self.style = style
    }

    func write(_ report: CommitReport, rendered: String?) {
        if !wroteHeader {
            output.write(style.paint("COMMIT      DATE        CLASS     AGENTS              LINES         SUBJECT", .bold) + "\n")
            wroteHeader = true
        }
        let commit = report.commit
        let date = Timestamp.date(seconds: commit.committer.time, offsetMinutes: commit.committer.offsetMinutes)
        let klass = report.provenance.class
        let agents = report.provenance.agents.isEmpty ? "-" : report.provenance.agents.joined(separator: ",")
        let lines = report.stats.map { "+\($0.added) -\($0.removed)" } ?? "-"
        var row = commit.id.abbreviated(10).padded(to: 12) + date.padded(to: 12)
            + style.paint(klass.rawValue.padded(to: 10), TerminalStyle.colour(for: klass))
            + agents.padded(to: 20) + lines.padded(to: 14)
        let used = 12 + 12 + 10 + max(20, agents.count + 1) + max(14, lines.count + 1)
        var subject = SafeText.terminal(commit.subject)
        if report.isIncomplete { subject += " [incomplete]" }
        if let width = style.width, width > used + 10, subject.count > width - used {
            subject = String(subject.prefix(width - used - 1)) + "…"
        }
        row += subject
        output.write(row + "\n")
        for flag in report.flags {
            let place = SafeText.terminal(flag.lines.isEmpty ? flag.path : "\(flag.path) \(flag.lineSummary)")
            output.write("    " + style.paint(flag.severity.rawValue.padded(to: 9), TerminalStyle.colour(for: flag.severity))
                         + flag.rule.padded(to: 30) + "\(place)  " + SafeText.terminal(String(flag.excerpt.prefix(100))) + "\n")
        }
    }

    func finish(summary: ScanSummary) {
        if !wroteHeader {
            output.write(style.paint("COMMIT      DATE        CLASS     AGENTS              LINES         SUBJECT", .bold) + "\n")
        }
        output.write("\n" + SummaryText.render(summary, style: style))
    }
}

/// The summary in words, shared by the table and `--summary`.
public enum SummaryText {
    public static func render(_ summary: ScanSummary, style: TerminalStyle) -> String {
        var out = ""
        let classes = ProvenanceClass.displayOrder.map { "\($0.rawValue) \(summary.byClass[$0] ?? 0)" }.joined(separator: ", ")
        out += "Commits: \(summary.commits) (\(classes))\n"
        out += "AI-made (ai + assisted): \(summary.aiMadeCommits) commits, \(Percent.format(summary.aiCommitShare))"
        if summary.statsComputed {
            out += "; \(summary.aiChangedLines) of \(summary.changedLines) changed lines, \(Percent.format(summary.aiLineShare))"
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
        if summary.damagedCommits > 0 {
            out += style.paint("Damaged: \(summary.damagedCommits) commit(s) could not be read or parsed (see problems)", .yellow) + "\n"
        }
        if summary.incompleteCommits > 0 {
            out += style.paint("Incomplete: \(summary.incompleteCommits) commit(s) could not be read in full (see problems)", .yellow) + "\n"
        }
        for problem in summary.problems {
            out += style.paint("Unreadable: \(SafeText.terminal(problem))", .yellow) + "\n"
        }
        return out
    }
}
