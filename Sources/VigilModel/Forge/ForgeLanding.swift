/// How a forge request brought a commit onto the history: what joins forge approvals to a commit.
public struct ForgeLanding: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The request's merge commit.
        case merge
        /// A commit the merge commit brought in (its second parent's side).
        case broughtIn = "brought-in"
        /// The one commit a squash merge made (or a rebase of a single commit).
        case squash
        /// One of the commits a rebase merge rewrote, matched to the request's own commit.
        case rebase
        /// One of the request's own commits, fast-forwarded onto the target unchanged.
        case fastForward = "fast-forward"
        /// The subject names the request (`(#12)`), but the forge says the request landed as
        /// another commit (or one this repository lacks): its approvals are not this commit's.
        case claimed
    }

    public var request: ForgeRequest
    public var kind: Kind
    /// The commit the forge says the request landed as (the merge or squashed commit).
    public var landed: ObjectID?

    public init(request: ForgeRequest, kind: Kind, landed: ObjectID?) {
        self.request = request
        self.kind = kind
        self.landed = landed
    }

    /// What a commit's review depends on in this landing: the index stores it per commit and
    /// re-reviews a commit when a sync changes it.
    public var digest: String {
        var parts = [request.name, kind.rawValue, landed?.hex ?? "", request.head?.hex ?? "", request.author.login,
                     String(request.author.id ?? -1), String(request.author.isBot), request.author.email, String(request.reviewsKnown)]
        for review in request.reviews {
            parts += [review.id, review.reviewer.login, String(review.reviewer.id ?? -1), String(review.reviewer.isBot),
                      review.reviewer.email, review.state.rawValue, review.commit?.hex ?? "", String(review.submittedAt ?? -1),
                      String(review.dismissed), review.stale.map(String.init) ?? "-"]
        }
        return ContentDigest.of(parts)
    }

    /// The digest of all of a commit's landings ("" for none), in a stable order.
    public static func digest(of landings: [ForgeLanding]) -> String {
        landings.isEmpty ? "" : ContentDigest.of(landings.map(\.digest).sorted())
    }
}
