import { v7, validate, version } from 'uuid';

/** A new UUID v7: time-ordered, so event ids sort roughly by creation. */
export const newEventId = (): string => v7();

/** A new UUID v7 for anything else Sapien identifies (correlations, requests, delete requests). */
export const newId = (): string => v7();

export const isUuid = (value: string): boolean => validate(value);

export const isUuidV7 = (value: string): boolean => validate(value) && version(value) === 7;
