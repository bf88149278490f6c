namespace PhiGuard.Sources.Manifests;

/// <summary>Stops the whole load (the object limit was reached); the message becomes the last load error.</summary>
internal sealed class LoadAbortedException(string message) : Exception(message);
