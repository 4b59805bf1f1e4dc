import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemFilter } from './problem.filter';
import { ProblemPagesController } from './problem-pages.controller';
import { RouteCatalog } from './route-catalog';

@Module({
  controllers: [ProblemPagesController],
  providers: [RouteCatalog, { provide: APP_FILTER, useClass: ProblemFilter }],
  exports: [RouteCatalog],
})
export class ProblemsModule {}
