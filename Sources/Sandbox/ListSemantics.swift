import FleetModel

/// How server-side apply merges a list (`x-kubernetes-list-type`).
enum ListSemantics: Sendable, Equatable {
    /// Replaced and owned as a whole.
    case atomic
    /// A set of scalars: members owned one by one as `v:<value>`.
    case set
    /// Items identified by key fields, owned one by one as `k:{"name":"web"}`.
    case map(ListMapKeys)
}
