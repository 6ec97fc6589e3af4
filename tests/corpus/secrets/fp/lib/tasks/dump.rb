# Maps our settings to the flags of the database's command-line client.
module Tasks
  CLIENT_FLAGS = {
    host:      "--host",
    port:      "--port",
    username:  "--user",
    password:  "--password",
    sslcert:   "--ssl-cert",
  }.freeze
end
