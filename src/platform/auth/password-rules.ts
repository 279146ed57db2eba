// Limits on passwords that both the server and the web app's forms enforce.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
