using System.Text.Json.Serialization;

namespace PolyMM.FakeVenue;

[JsonSerializable(typeof(string))]
internal sealed partial class VenueJsonContext : JsonSerializerContext;
