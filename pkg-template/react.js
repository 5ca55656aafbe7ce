// prompt-assist/react: the React binding of Conversation (API.md §6). React is an optional peer
// dependency; nothing else in the package imports it.
//
// Side effects: none.
import { useSyncExternalStore } from 'react';

/**
 * The conversation's snapshot, re-rendering the component when it changes. The snapshot and each
 * unchanged turn keep their identity between renders, so `React.memo` on a turn works.
 */
export function useConversation(conversation) {
  return useSyncExternalStore(conversation.subscribe, conversation.getSnapshot, conversation.getSnapshot);
}
