export const patterns = {
  password: "^(?=.*[A-Z])(?=.*\\d)(?=.*[a-z]).{8,}$",
};
export const labels = { password: "Passwort:", secret: "Geheimnis" };
