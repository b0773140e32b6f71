var builder = WebApplication.CreateSlimBuilder(args);

// Per-request framework logs would dominate a load baseline; warnings and errors still show.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTokenGateSimulator(builder.Configuration);
var app = builder.Build();
app.MapTokenGateSimulator();
await app.RunAsync();
