import { Module } from '@nestjs/common';
import { CreateDeviceKeyHandler } from './commands/create-device-key.handler';
import { RevokeDeviceKeyHandler } from './commands/revoke-device-key.handler';
import { DeviceKeyRepository } from './device-key.repository';
import { KeysRpcController } from './keys.rpc.controller';
import { ListDeviceKeysHandler } from './queries/list-device-keys.handler';
import { VerifyDeviceKeyHandler } from './queries/verify-device-key.handler';

const commandHandlers = [CreateDeviceKeyHandler, RevokeDeviceKeyHandler];
const queryHandlers = [ListDeviceKeysHandler, VerifyDeviceKeyHandler];
const persistence = [DeviceKeyRepository];

/** Device keys of a site: created, listed and revoked by operators, verified by the gateway on every request. */
@Module({
  controllers: [KeysRpcController],
  providers: [...commandHandlers, ...queryHandlers, ...persistence],
})
export class KeysModule {}
