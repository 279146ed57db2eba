// Reminders of the acting organisation: listed on the home page, dismissed one by one.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { dismissReminder, listReminders } from './reminders.ts';
import { reminderView } from './schema.ts';

export function reminderRoutes(app: App): void {
  const tags = ['cases'];
  app.get(
    '/api/reminders',
    { schema: { tags, summary: 'Open reminders of your organisation on the cases it works on', response: { 200: z.object({ reminders: z.array(reminderView) }) } } },
    async (req) => ({ reminders: await req.scope.actor((tx, actor) => listReminders(tx, actor)) }),
  );
  app.post(
    '/api/reminders/:id/dismiss',
    { schema: { tags, summary: 'Dismiss a reminder (it is not raised again for the same record)', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => dismissReminder(tx, actor, req.params.id, new Date()));
      return reply.code(204).send(null);
    },
  );
}
