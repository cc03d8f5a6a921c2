// Replaced by the database bootstrap (see lib/db-bootstrap) once it lands.
export default async function setup() {}
