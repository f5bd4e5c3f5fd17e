namespace HftHost.Sdk;

/// <summary>What a <see cref="FrameFilter"/> decides for one frame.</summary>
public enum FilterVerdict
{
    /// <summary>The frame goes on to the next filter, then to its decoders.</summary>
    Allow = 0,

    /// <summary>The frame goes no further: no later filter and no decoder sees it.</summary>
    Drop = 1,
}
