import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilRender
import VigilRules
import VigilStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Filter the findings (or commits) in the index: by category, severity, rule, class, agent, review, author, path, date, triage.",
        discussion: """
        Reads the index `vigil index` keeps; nothing is rescanned. One row per finding, most \
        severe and newest first; with --commits, one row per commit. Filters of the same kind \
        are alternatives (--class ai --class assisted), different kinds all apply. Findings \
        triaged false-positive are hidden unless --triage asks for them.

        The id column is the finding's fingerprint: give it to `vigil triage` or look the commit \
        up with `vigil show`.

        Examples:
          vigil query --severity high --class ai --class assisted --review unreviewed
          vigil query --category reward --since '2 weeks ago' --format csv > reward.csv
          vigil query --path 'train/**' --agent claude-code --triage untriaged
          vigil query --rule guardrail-check-removed --format sarif > findings.sarif
          vigil query --commits --class ai --review unreviewed --limit 20
          vigil query --db all.sqlite --repository app --repository infra
          vigil query --overrides      # pushes let through by an override
        """)

    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository whose index to read (default: the current directory).", valueName: "path"))
    var repositoryPath: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Category: reward, guardrail, eval, training, oversight (repeatable).", valueName: "category"))
    var category: [RiskCategory] = []

    @Option(name: .long, help: ArgumentHelp("At least this severity: low, medium, high, critical.", valueName: "severity"))
    var severity: Severity?

    @Option(name: .long, help: ArgumentHelp("A rule id (repeatable).", valueName: "id"))
    var rule: [String] = []

    @Option(name: .customLong("class"), help: ArgumentHelp("Provenance class: ai, assisted, human, bot (repeatable).", valueName: "class"))
    var classes: [ProvenanceClass] = []

    @Option(name: .long, help: ArgumentHelp("An agent id, as in rules/agents.yml (repeatable).", valueName: "agent"))
    var agent: [String] = []

    @Option(name: .long, help: ArgumentHelp("Review status: reviewed, merged-unverified, self-reviewed, unreviewed (repeatable).", valueName: "status"))
    var review: [ReviewStatus] = []

    @Option(name: .long, help: ArgumentHelp("Part of the author's name or email, any case.", valueName: "text"))
    var author: String?

    @Option(name: .long, help: ArgumentHelp("Commits a counted reviewer approved whose name or email contains this (any case; repeatable).", valueName: "text"))
    var reviewer: [String] = []

    @Option(name: .long, help: ArgumentHelp("Findings in files matching this glob ('train/**', '**/*.py', '/setup.py').", valueName: "glob"))
    var path: String?

    @Option(name: .long, help: ArgumentHelp("Committed at or after this date (2026-11-01, '2 weeks ago').", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Committed at or before this date.", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Triage: untriaged, confirmed, false-positive, accepted-risk, all. Default: all but false-positive.", valueName: "status"))
    var triage: String?

    @Option(name: .long, help: ArgumentHelp("Only this indexed repository, by name or git-directory path (repeatable).", valueName: "name"))
    var repository: [String] = []

    @Option(name: .long, help: ArgumentHelp("A commit id or prefix.", valueName: "commit"))
    var commit: String?

    @Flag(name: .long, help: "One row per commit (with its count of matching findings) instead of one per finding.")
    var commits = false

    @Flag(name: .long, help: "List the push-gate overrides the pre-receive hook recorded (newest first) instead of findings.")
    var overrides = false

    @Option(name: .long, help: ArgumentHelp("Order: risk (the commit's risk score, default), severity, date, rule, path, commit.", valueName: "key"))
    var sort: IndexQuery.Sort = .risk

    @Option(name: .long, help: ArgumentHelp("At most this many rows.", valueName: "n"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Output: table, json, ndjson, csv, sarif.", valueName: "format"))
    var format: QueryFormat = .table

    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup(title: "SARIF") var sarif: SARIFOptions

    @Option(name: .long, help: ArgumentHelp("A rules directory (for SARIF rule descriptions).", valueName: "dir"))
    var rules: String?

    @OptionGroup var repositoryConfig: ConfigOptions

    func validate() throws {
        if overrides && format == .sarif { throw ValidationError("--overrides cannot be written as SARIF (use json, ndjson, csv or table)") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    func run() throws {
            let query = try makeQuery()
            let db = try database.openForReading(repositoryPath: repositoryPath)
            let ruleSet = try repositoryConfig.extend(try RuleSet.locate(explicit: rules), repositoryPath: repositoryPath)
            // A typo in a name filter is an error, not an empty result.
            let indexed = try db.repositories()
            try NameCheck.require(repository, in: Set(indexed.map(\.name) + indexed.map(\.path)), option: "--repository")
            try NameCheck.require(agent, in: Set(ruleSet.agents.signatures.map(\.id) + (try db.agentsSeen())), option: "--agent", ignoringCase: true)
            try NameCheck.require(rule, in: Set(ruleSet.risk.rules.map(\.id) + (try db.rulesSeen())), option: "--rule")
            let style = outputOptions.style
            let descriptions = ruleSet.risk.rules.map(\.ruleDescription)
            let text: String
            if overrides {
                let repositories = indexed.filter { repository.isEmpty || repository.contains($0.name) || repository.contains($0.path) }
                text = QueryOutput.render(try repositories.flatMap { r in try db.overrides(repository: r).map { (r, $0) } }, format: format)
            } else if format == .sarif {
                text = try commits ? sarifText(db: db, flags: nil, commits: try db.commits(query), ruleSet: ruleSet)
                                   : sarifText(db: db, flags: try db.flags(query), commits: nil, ruleSet: ruleSet)
            } else if commits {
                text = QueryOutput.render(try db.commits(query), format: format, style: style, rules: descriptions)
            } else {
                text = QueryOutput.render(try db.flags(query), format: format, style: style, rules: descriptions)
            }
            let sink = try outputOptions.sink(repository: try? Repository(discoveringFrom: repositoryPath),
                                              indexPath: try? database.path(repositoryPath: repositoryPath), rules: ruleSet)
            sink.write(text)
            try sink.finish()
    }

    func makeQuery() throws -> IndexQuery {
        var query = IndexQuery()
        query.categories = category
        query.minimumSeverity = severity
        query.rules = rule
        query.classes = classes
        query.agents = agent
        query.reviews = review
        query.author = author
        query.reviewers = reviewer
        if let path {
            do { query.path = try PathGlob(path) } catch {
                throw CommandFailure(message: "--path: bad glob '\(path)': \(error)", exitCode: ExitStatus.badInput)
            }
        }
        query.since = try DateOption.seconds(since, "--since")
        query.until = try DateOption.seconds(until, "--until")
        if let triage {
            guard let selection = TriageSelection(triage) else {
                throw CommandFailure(message: "--triage: '\(triage)' is not one of untriaged, confirmed, false-positive, accepted-risk, all",
                                     exitCode: ExitStatus.badInput)
            }
            query.triage = selection
        }
        query.repositories = repository
        query.commit = commit
        query.sort = sort
        query.limit = limit
        return query
    }
}

extension RiskCategory: ExpressibleByArgument {}
extension ProvenanceClass: ExpressibleByArgument {}
extension ReviewStatus: ExpressibleByArgument {}
extension IndexQuery.Sort: ExpressibleByArgument {}
extension QueryFormat: ExpressibleByArgument {}
extension TriageStatus: ExpressibleByArgument {}
