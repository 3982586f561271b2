-- wrk script for the POST operation: one valid NewItem body on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Widget","description":"A widget made for the benchmark","price":12.5,"quantity":3,"status":"active","tags":["blue","small"]}'
