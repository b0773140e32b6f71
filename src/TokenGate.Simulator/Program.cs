var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddTokenGateSimulator(builder.Configuration);
var app = builder.Build();
app.MapTokenGateSimulator();
await app.RunAsync();
