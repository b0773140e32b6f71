// Event Hubs namespace, the usage-events hub and the abuse processor's consumer group.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Event Hubs namespace name.')
param namespaceName string

@description('Hub that carries usage events.')
param hubName string

@description('Partitions of the usage-events hub (usage events are partitioned by user).')
@minValue(1)
@maxValue(32)
param partitionCount int

@description('Consumer group the Event Hub-triggered abuse processor reads with.')
param consumerGroupName string

@description('Days events are retained.')
@minValue(1)
@maxValue(7)
param retentionInDays int

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2026-01-01' = {
  parent: namespace
  name: hubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionInDays
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2026-01-01' = {
  parent: hub
  name: consumerGroupName
}

output namespaceName string = namespace.name
output hubName string = hub.name
output hubId string = hub.id
output consumerGroupName string = consumerGroup.name
@description('Host name the clients connect to, e.g. tg-ehns-x.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
