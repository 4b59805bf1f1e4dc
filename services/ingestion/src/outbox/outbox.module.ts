import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** The ingestion side of the outbox: appended by commands, counted by the health RPC. */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
