import { parsePayload } from '@emissions/service-kit';
import {
  CreateDeviceKeyCommandSchema,
  IngestionPatterns,
  ListDeviceKeysQuerySchema,
  RevokeDeviceKeyCommandSchema,
  VerifyDeviceKeyQuerySchema,
} from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateDeviceKeyHandler } from './commands/create-device-key.handler';
import { RevokeDeviceKeyHandler } from './commands/revoke-device-key.handler';
import { ListDeviceKeysHandler } from './queries/list-device-keys.handler';
import { VerifyDeviceKeyHandler } from './queries/verify-device-key.handler';

@Controller()
export class KeysRpcController {
  constructor(
    private readonly createKey: CreateDeviceKeyHandler,
    private readonly listKeys: ListDeviceKeysHandler,
    private readonly revokeKey: RevokeDeviceKeyHandler,
    private readonly verifyKey: VerifyDeviceKeyHandler,
  ) {}

  @MessagePattern(IngestionPatterns.createDeviceKey)
  create(@Payload() payload: unknown) {
    return this.createKey.execute(parsePayload(CreateDeviceKeyCommandSchema, payload));
  }

  @MessagePattern(IngestionPatterns.listDeviceKeys)
  list(@Payload() payload: unknown) {
    return this.listKeys.execute(parsePayload(ListDeviceKeysQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.revokeDeviceKey)
  revoke(@Payload() payload: unknown) {
    return this.revokeKey.execute(parsePayload(RevokeDeviceKeyCommandSchema, payload));
  }

  @MessagePattern(IngestionPatterns.verifyDeviceKey)
  verify(@Payload() payload: unknown) {
    return this.verifyKey.execute(parsePayload(VerifyDeviceKeyQuerySchema, payload));
  }
}
