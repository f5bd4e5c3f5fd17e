namespace HftHost.CrossVenue;

/// <summary>Where an opportunity is in its life.</summary>
public enum OpportunityPhase
{
    /// <summary>It has lasted the configured minimum duration: its end time is not known yet (0).</summary>
    Opened,

    /// <summary>It is over: a quote moved or left; the end time is that of the message that ended it.</summary>
    Closed,
}
