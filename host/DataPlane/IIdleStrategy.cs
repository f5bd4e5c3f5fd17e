namespace HftHost.DataPlane;

/// <summary>
/// What a poll thread does between polls that found no work. Structs, so the loop
/// generic over them calls them directly.
/// Threading: each instance belongs to one poll thread.
/// </summary>
internal interface IIdleStrategy
{
    /// <summary>Called after a poll that found nothing.</summary>
    void Idle();

    /// <summary>Called after a poll that did work: the next idle starts from the top.</summary>
    void Reset();
}
