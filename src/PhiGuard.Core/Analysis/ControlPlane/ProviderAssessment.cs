using PhiGuard.Core.Engine;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>One judgement read from a provider description: pass, fail or not assessable, at a field path, with why.</summary>
public sealed record ProviderAssessment(Status Status, string Path, string Message);
