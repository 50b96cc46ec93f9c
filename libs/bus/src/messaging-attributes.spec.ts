import { describe, expect, it } from '@jest/globals';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_TEMPLATE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
} from '@opentelemetry/semantic-conventions/incubating';
import { MESSAGING_SYSTEM_NATS, MessagingAttributes, MessagingOperation } from './messaging-attributes.js';

// The bus copies the incubating names (see messaging-attributes.ts); this is where a rename in a
// newer @opentelemetry/semantic-conventions shows up, instead of in a dashboard that went blank.
describe('the messaging attribute names the bus uses', () => {
  it('are the OpenTelemetry semantic conventions constants', () => {
    expect(MessagingAttributes).toMatchObject({
      system: ATTR_MESSAGING_SYSTEM,
      destinationName: ATTR_MESSAGING_DESTINATION_NAME,
      destinationTemplate: ATTR_MESSAGING_DESTINATION_TEMPLATE,
      operationType: ATTR_MESSAGING_OPERATION_TYPE,
      operationName: ATTR_MESSAGING_OPERATION_NAME,
      messageId: ATTR_MESSAGING_MESSAGE_ID,
      consumerGroupName: ATTR_MESSAGING_CONSUMER_GROUP_NAME,
    });
    expect(MessagingOperation).toEqual({
      send: MESSAGING_OPERATION_TYPE_VALUE_SEND,
      process: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    });
  });

  it('keep the NATS-specific ones in the messaging.nats namespace, and name the system nats', () => {
    expect(MessagingAttributes.deliveryCount).toBe('messaging.nats.delivery_count');
    expect(MessagingAttributes.duplicate).toBe('messaging.nats.duplicate');
    expect(MESSAGING_SYSTEM_NATS).toBe('nats');
    // Every name is a distinct attribute.
    const names = Object.values(MessagingAttributes);
    expect(new Set(names).size).toBe(names.length);
  });
});
