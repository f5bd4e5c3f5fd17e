namespace Fixture.Contracts;

/// <summary>One frame seen by TickPublisher.</summary>
public readonly record struct Tick(long Sequence, int Length, long RxTimestampNs);
